package conformance

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Services are the redis and memcached servers the runner started.
type Services struct {
	cmds []*exec.Cmd
	dir  string
}

// StartServices starts on 127.0.0.1, unless something already listens
// there: redis (6379) with two replicas (6380, 6378) and three sentinels
// (6381-6383) watching it as "mymaster", as lua-resty-redis-connector's
// suite expects, and memcached (11211, TCP and UDP).
func StartServices(ctx context.Context) (*Services, error) {
	s := &Services{}
	dir, err := os.MkdirTemp("", "grc-services-")
	if err != nil {
		return nil, err
	}
	s.dir = dir
	start := func(port string, name string, args ...string) error {
		if c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 200*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("start %s: %w", name, err)
		}
		s.cmds = append(s.cmds, cmd)
		for i := 0; i < 100; i++ {
			if c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 200*time.Millisecond); err == nil {
				c.Close()
				return nil
			}
			time.Sleep(50 * time.Millisecond)
		}
		return fmt.Errorf("%s does not listen on 127.0.0.1:%s", name, port)
	}
	if err := start("6379", "redis-server", "--port", "6379", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"); err != nil {
		s.Stop()
		return nil, err
	}
	for _, port := range []string{"6380", "6378"} {
		if err := start(port, "redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
			"--replicaof", "127.0.0.1", "6379"); err != nil {
			s.Stop()
			return nil, err
		}
	}
	for _, port := range []string{"6381", "6382", "6383"} {
		conf := filepath.Join(dir, "sentinel-"+port+".conf")
		text := "port " + port + "\nbind 127.0.0.1\n" +
			"sentinel monitor mymaster 127.0.0.1 6379 2\n" +
			"sentinel down-after-milliseconds mymaster 2000\n" +
			"sentinel failover-timeout mymaster 10000\n" +
			"sentinel parallel-syncs mymaster 5\n"
		if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
			s.Stop()
			return nil, err
		}
		if err := start(port, "redis-server", conf, "--sentinel"); err != nil {
			s.Stop()
			return nil, err
		}
	}
	memArgs := []string{"-l", "127.0.0.1", "-p", "11211", "-U", "11211"}
	if os.Geteuid() == 0 {
		memArgs = append(memArgs, "-u", "root")
	}
	if err := start("11211", "memcached", memArgs...); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Stop ends the servers this runner started.
func (s *Services) Stop() {
	for _, c := range s.cmds {
		if c.Process != nil {
			_ = c.Process.Kill()
			_ = c.Wait()
		}
	}
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
	}
}
