package kernel_test

import (
	"fmt"

	"github.com/rotationlab/rotation/jupyter/kernel"
)

// TransportAuto connects GoNB and ipykernel through Unix socket files and
// other kernels through TCP ports, unless the kernelspec's
// metadata.nbrun.transport says otherwise.
func ExampleSpec_AutoTransport() {
	gonb := &kernel.Spec{Name: "gonb", Argv: []string{"gonb", "--kernel", "{connection_file}"}}
	python := &kernel.Spec{Name: "python3", Argv: []string{"python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"}}
	r := &kernel.Spec{Name: "ir", Argv: []string{"R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"}}
	pinned := &kernel.Spec{Name: "python3", Argv: python.Argv, Transport: kernel.TransportTCP}
	fmt.Println(gonb.AutoTransport(), python.AutoTransport(), r.AutoTransport(), pinned.AutoTransport())
	// Output: ipc ipc tcp tcp
}
