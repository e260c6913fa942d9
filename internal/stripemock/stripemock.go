// Package stripemock starts a real stripe-mock server for tests: it builds the
// version pinned as a Go tool in go.mod (once per machine, cached), runs it on
// a free loopback port, waits until it answers, and stops it when the test
// ends.
//
// Set RAKMIGRATE_STRIPE_MOCK to a prebuilt binary to skip the build (.ci/run
// does: go build -o "$bin" github.com/stripe/stripe-mock).
package stripemock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// module is the Go module path of stripe-mock; go.mod pins its version.
const module = "github.com/stripe/stripe-mock"

// EnvBinary names a prebuilt stripe-mock binary to use instead of building one.
const EnvBinary = "RAKMIGRATE_STRIPE_MOCK"

// TestKey is a key stripe-mock accepts (it wants rk|sk, test, and one more
// underscore-free part). Tests that check redaction use their own canaries.
const TestKey = "sk_test_stripemock"

// Server is a running stripe-mock.
type Server struct {
	URL    string // "http://127.0.0.1:PORT", no trailing slash
	cmd    *exec.Cmd
	out    *lockedBuffer
	exited chan error // receives cmd.Wait's result once
}

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// Binary returns the path of a stripe-mock executable, building it on first
// use in this process. The build is cached under the user cache directory,
// keyed by the pinned version, so later test binaries reuse it.
func Binary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() { buildPath, buildErr = locateOrBuild() })
	if buildErr != nil {
		tb.Fatalf("stripe-mock: %v", buildErr)
	}
	return buildPath
}

func locateOrBuild() (string, error) {
	if p := os.Getenv(EnvBinary); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvBinary, p, err)
		}
		return p, nil
	}
	version, err := goOutput("list", "-m", "-f", "{{.Version}}", module)
	if err != nil {
		return "", fmt.Errorf("finding the pinned version (is %s required in go.mod?): %w", module, err)
	}
	dir, err := cacheDir()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "stripe-mock-"+version)
	// `go test ./...` runs several packages' tests at once, each wanting
	// stripe-mock: one builds it under a lock, the others wait for it.
	lock := bin + ".lock"
	deadline := time.Now().Add(10 * time.Minute)
	for {
		if _, err := os.Stat(bin); err == nil {
			return bin, nil
		}
		l, err := os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			l.Close()
			defer os.Remove(lock)
			break
		}
		if st, serr := os.Stat(lock); serr == nil && time.Since(st.ModTime()) > 10*time.Minute {
			os.Remove(lock) // left by a build that was killed
			continue
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("waited 10 minutes for another build of stripe-mock (lock %s)", lock)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	// Build next to the final name and rename, so that a half-written file
	// is never run.
	tmp, err := os.CreateTemp(dir, "stripe-mock-build-*")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if _, err := goOutput("build", "-o", tmp.Name(), module); err != nil {
		return "", fmt.Errorf("building %s@%s: %w", module, version, err)
	}
	if err := os.Rename(tmp.Name(), bin); err != nil {
		return "", err
	}
	return bin, nil
}

func cacheDir() (string, error) {
	var bases []string
	if base, err := os.UserCacheDir(); err == nil {
		bases = append(bases, base)
	}
	// CI users without a writable home still have a temp dir.
	bases = append(bases, os.TempDir())
	var lastErr error
	for _, base := range bases {
		dir := filepath.Join(base, "rakmigrate")
		if lastErr = os.MkdirAll(dir, 0o755); lastErr == nil {
			return dir, nil
		}
	}
	return "", fmt.Errorf("cache dir: %w", lastErr)
}

func goOutput(args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// Start runs stripe-mock on a free loopback port and stops it when tb ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	bin := Binary(tb)
	var lastErr error
	// The port is free when picked but another process may take it before
	// stripe-mock binds it; try a few times.
	for attempt := 0; attempt < 3; attempt++ {
		s, err := start(bin)
		if err == nil {
			tb.Cleanup(s.stop)
			return s
		}
		lastErr = err
	}
	tb.Fatalf("stripe-mock did not start: %v", lastErr)
	return nil
}

func start(bin string) (*Server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	out := &lockedBuffer{}
	// -https-addr too: with only -http-addr, stripe-mock v0.203.0 still opens
	// its default HTTPS port :12112 on every interface (the proxy's default
	// port), so parallel servers would collide there.
	cmd := exec.Command(bin, "-http-addr", addr, "-https-addr", "127.0.0.1:0")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	s := &Server{URL: "http://" + addr, cmd: cmd, out: out, exited: exited}
	if err := s.waitReady(); err != nil {
		_ = cmd.Process.Kill()
		return nil, fmt.Errorf("%w\nstripe-mock output:\n%s", err, out.String())
	}
	return s, nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitReady polls until stripe-mock answers an authenticated request.
func (s *Server) waitReady() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/v1/balance", nil)
		req.Header.Set("Authorization", "Bearer "+TestKey)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-s.exited:
			return fmt.Errorf("stripe-mock exited: %v", err)
		case <-ctx.Done():
			return errors.New("stripe-mock did not answer within 30s")
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stop kills stripe-mock and reaps it, so no process outlives its test.
func (s *Server) stop() {
	_ = s.cmd.Process.Kill()
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
	}
}

// Output is what stripe-mock printed so far (its request log), for test failures.
func (s *Server) Output() string { return s.out.String() }

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
