// Command hello serves "hello\n" to every request with the HTTP/1.x front,
// the trivial handler the front's throughput is measured with against
// nginx's `return 200 "hello\n";` (see the package's bench_test.go).
package main

import (
	"flag"
	"log"
	"net"
	"os"
	"runtime/pprof"
	"time"

	"gresty/runtime/http1"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:28418", "address to listen on")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the first -profiletime to this file")
	profileTime := flag.Duration("profiletime", 10*time.Second, "how long to profile")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		time.AfterFunc(*profileTime, func() {
			pprof.StopCPUProfile()
			f.Close()
		})
	}
	srv, err := http1.NewServer(http1.DefaultConfig(), http1.HandlerFunc(hello))
	if err != nil {
		log.Fatal(err)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(srv.Serve(l))
}

func hello(r *http1.Request) {
	r.Out.Status = 200
	r.Out.ContentType = "text/plain"
	r.Out.ContentLength = 6
	r.WriteString("hello\n")
}
