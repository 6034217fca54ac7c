package conformance

import (
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ClientResult is what one connection brought back.
type ClientResult struct {
	Raw      string
	TimedOut bool
	// ConnectErr is set when no connection could be made.
	ConnectErr error
}

// testNginxSleep is Test::Nginx's default TEST_NGINX_SLEEP.
const testNginxSleep = 15 * time.Millisecond

// SendRequest writes req to addr and reads until the server closes the
// connection or nothing happens for timeout (Test::Nginx's send_request).
// shutdown >= 0 half-closes the connection once everything is written.
func SendRequest(addr string, req Request, middleDelay, timeout time.Duration, shutdown int) ClientResult {
	var conn net.Conn
	var err error
	for tries := 1; ; tries++ {
		conn, err = net.DialTimeout("tcp", addr, timeout)
		if err == nil {
			break
		}
		if tries >= 50 {
			return ClientResult{ConnectErr: err}
		}
		wait := time.Duration(float64(testNginxSleep+testNginxSleep*time.Duration(tries)) * float64(tries) / 2)
		if wait > time.Second {
			wait = time.Second
		}
		time.Sleep(wait)
	}
	defer conn.Close()

	var mu sync.Mutex
	var resp strings.Builder
	writeErr := ""
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		for i, p := range req.Packets {
			if i > 0 {
				d := middleDelay
				if p.DelayBefore >= 0 {
					d = time.Duration(p.DelayBefore * float64(time.Second))
				}
				if d > 0 {
					time.Sleep(d)
				}
			}
			if _, err := conn.Write([]byte(p.Data)); err != nil {
				mu.Lock()
				writeErr = "write failed: " + err.Error()
				mu.Unlock()
				return
			}
		}
		if shutdown >= 0 {
			if tc, ok := conn.(*net.TCPConn); ok {
				switch shutdown {
				case 0:
					_ = tc.CloseRead()
				case 2:
					_ = tc.CloseRead()
					_ = tc.CloseWrite()
				default:
					_ = tc.CloseWrite()
				}
			}
		}
	}()

	res := ClientResult{}
	buf := make([]byte, 32*1024)
	for {
		_ = conn.SetReadDeadline(time.Now().Add(timeout))
		n, err := conn.Read(buf)
		if n > 0 {
			mu.Lock()
			resp.Write(buf[:n])
			mu.Unlock()
		}
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				res.TimedOut = true
			} else if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrDeadlineExceeded) {
				// connection reset and the like end the exchange
			}
			break
		}
	}
	conn.Close()
	<-writerDone
	mu.Lock()
	defer mu.Unlock()
	res.Raw = resp.String()
	if res.Raw == "" && writeErr != "" {
		res.Raw = writeErr
	}
	return res
}

// parseShutdown reads a --- shutdown value (empty means 1); -1 when absent.
func parseShutdown(v Value) int {
	if !v.Defined() {
		return -1
	}
	s := strings.TrimSpace(v.Str)
	if s == "" {
		return 1
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 1
	}
	return n
}
