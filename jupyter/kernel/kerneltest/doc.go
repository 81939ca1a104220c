// Package kerneltest provides a scripted Jupyter kernel for tests of code
// that talks to kernels, as net/http/httptest provides servers: the test
// binary itself, started again with an environment variable naming a
// behaviour, plays a kernel that answers as a real one does, or that
// misbehaves in ways real kernels cannot be made to on demand (a lost
// first iopub message, silence, garbage frames, helpers that ignore
// SIGTERM). Tests against real kernels stand beside it, never replaced by
// it.
//
// A test package hands control to the kernel in its TestMain:
//
//	func TestMain(m *testing.M) {
//		kerneltest.Main() // returns unless this process is the kernel
//		os.Exit(m.Run())
//	}
//
// and starts it with kernel.Launcher.Start(ctx, kerneltest.Spec(kerneltest.Echo), ...).
// In Echo mode every cell's code comes back as its stdout, and the kernel
// says its language is "scripted".
package kerneltest
