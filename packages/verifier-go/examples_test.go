package verifier_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// The README's net/http, Gin and Fiber examples (examples/, a module of their own so that this module does not
// depend on Gin or Fiber) must compile and pass go vet.
func TestExamplesCompile(t *testing.T) {
	command := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "vet", "./...")
	command.Dir = "examples"
	if output, err := command.CombinedOutput(); err != nil {
		t.Fatalf("go vet ./... in examples: %v\n%s", err, output)
	}
}
