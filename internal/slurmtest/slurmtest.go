package slurmtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// MarkerVar is set, to the cluster's directory, in the environment of the
// daemons and of every command Cluster.Command builds; processes carrying
// it are the cluster's.
const MarkerVar = "SLURMTEST_DIR"

// Deadline bounds each wait: for the node to come up, for a job to end,
// for a daemon to stop. It is generous, for a loaded machine; waits poll
// and return as soon as the state is reached.
var Deadline = 3 * time.Minute

// binaries are the programs the cluster needs, and the Debian package of
// each.
var binaries = [][2]string{
	{"munged", "munge"}, {"mungekey", "munge"},
	{"slurmctld", "slurmctld"}, {"slurmd", "slurmd"},
	{"sbatch", "slurm-client"}, {"scontrol", "slurm-client"},
	{"sinfo", "slurm-client"}, {"squeue", "slurm-client"}, {"scancel", "slurm-client"},
}

// Cluster is a running private one-node cluster.
type Cluster struct {
	// Dir is the cluster's directory: slurm.conf, munge's socket and
	// key, the state and spool directories and the daemons' logs. A test
	// may write job output under it.
	Dir string
	// Conf is the generated slurm.conf; $SLURM_CONF in Env.
	Conf string
	// Node is the node's name, "localhost".
	Node string

	daemons []*daemon
}

type daemon struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

// Start starts a cluster and registers its cleanup. It skips the test
// when a program is missing or the test does not run as root, and fails
// it when the cluster does not come up (with the daemons' logs).
func Start(t testing.TB) *Cluster {
	t.Helper()
	var missing []string
	for _, b := range binaries {
		if _, err := exec.LookPath(b[0]); err != nil {
			missing = append(missing, b[0]+" (Debian package "+b[1]+")")
		}
	}
	if len(missing) > 0 {
		t.Skipf("slurmtest: Slurm or munge is not installed: no %s; apt-get install slurmctld slurmd slurm-client munge", strings.Join(missing, ", "))
	}
	if os.Geteuid() != 0 {
		t.Skip("slurmtest: slurmd must run as root to start jobs; this test runs as another user")
	}
	dir, err := clusterDir()
	if err != nil {
		t.Fatalf("slurmtest: %v", err)
	}
	c := &Cluster{Dir: dir, Conf: filepath.Join(dir, "slurm.conf"), Node: "localhost"}
	t.Cleanup(func() { c.stop(t) })
	for _, d := range []string{"munge", "state", "spool", "log"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatalf("slurmtest: %v", err)
		}
	}
	sock := filepath.Join(dir, "munge", "munge.socket")
	key := filepath.Join(dir, "munge", "munge.key")
	if out, err := exec.Command("mungekey", "--create", "--keyfile="+key).CombinedOutput(); err != nil {
		t.Fatalf("slurmtest: mungekey: %v: %s", err, out)
	}
	c.start(t, "munged", "munged", "-F", "--socket="+sock, "--key-file="+key,
		"--pid-file="+filepath.Join(dir, "munge", "munged.pid"),
		"--log-file="+filepath.Join(dir, "munge", "munged.log"),
		"--seed-file="+filepath.Join(dir, "munge", "munged.seed"))
	c.waitFor(t, "munged's socket", func() bool { _, err := os.Stat(sock); return err == nil })

	ports, err := freePorts(2)
	if err != nil {
		t.Fatalf("slurmtest: %v", err)
	}
	u, err := user.Current()
	if err != nil {
		t.Fatalf("slurmtest: %v", err)
	}
	if err := os.WriteFile(c.Conf, []byte(conf(dir, sock, u.Username, ports, runtime.NumCPU())), 0o644); err != nil {
		t.Fatalf("slurmtest: %v", err)
	}
	c.start(t, "slurmctld", "slurmctld", "-D", "-i")
	c.start(t, "slurmd", "slurmd", "-D", "-N", c.Node)
	c.waitFor(t, "the node to be idle", func() bool {
		out, err := c.Command("sinfo", "-h", "-N", "-o", "%T").Output()
		return err == nil && strings.TrimSpace(string(out)) == "idle"
	})
	return c
}

// conf is the slurm.conf of a cluster in dir.
func conf(dir, mungeSocket, username string, ports []int, cpus int) string {
	p := func(name string) string { return filepath.Join(dir, name) }
	return fmt.Sprintf(`# A private one-node cluster for a test (package slurmtest).
ClusterName=slurmtest
SlurmctldHost=localhost
SlurmctldPort=%d
SlurmdPort=%d
SlurmUser=%s
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=%s
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
MinJobAge=3600
ReturnToService=2
StateSaveLocation=%s
SlurmdSpoolDir=%s
SlurmctldPidFile=%s
SlurmdPidFile=%s
SlurmctldLogFile=%s
SlurmdLogFile=%s
NodeName=localhost CPUs=%d State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
`, ports[0], ports[1], username, mungeSocket, p("state"), p("spool"),
		p("slurmctld.pid"), p("slurmd.pid"), p("log/slurmctld.log"), p("log/slurmd.log"), cpus)
}

// clusterDir makes the cluster's directory. munged refuses a socket in a
// directory that some ancestor does not let everyone search (Go's test
// temporary directories are 0700), and a Unix socket's path is short, so
// it is made in $TMPDIR when that allows both, else in /tmp.
func clusterDir() (string, error) {
	base := os.TempDir()
	if !searchable(base) || len(base) > 60 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "slurmtest-")
	if err != nil {
		return "", err
	}
	return dir, os.Chmod(dir, 0o711)
}

// searchable reports whether everyone may search dir and its ancestors.
func searchable(dir string) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		st, err := os.Stat(dir)
		if err != nil || st.Mode().Perm()&0o001 == 0 {
			return false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return true
		}
		dir = parent
	}
}

// freePorts returns n TCP ports free on localhost now.
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// Env is the environment for Slurm's commands and the jobs they submit:
// the test's, with $SLURM_CONF naming the cluster's slurm.conf and
// MarkerVar its directory.
func (c *Cluster) Env() []string {
	return append(os.Environ(), "SLURM_CONF="+c.Conf, MarkerVar+"="+c.Dir)
}

// Command is a command run against the cluster (sbatch, squeue,
// scontrol...), with Env as its environment.
func (c *Cluster) Command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = c.Env()
	return cmd
}

// Submit runs sbatch --parsable with args and returns the job's id.
func (c *Cluster) Submit(t testing.TB, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := c.Command("sbatch", append([]string{"--parsable"}, args...)...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sbatch %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	id, _, _ := strings.Cut(strings.TrimSpace(string(out)), ";") // id;cluster
	return id
}

// Task is a job, or one task of a job array, as scontrol shows it.
type Task struct {
	// ID is the job's id, with _index for an array's task.
	ID string
	// State is Slurm's JobState: PENDING, RUNNING, COMPLETED, FAILED,
	// CANCELLED, TIMEOUT...
	State string
	// ExitCode is the job's exit status (from ExitCode=status:signal).
	ExitCode int
	// Signal is the signal that ended the job, 0 for none.
	Signal int
	// Reason is why the job waits or failed ("None", "Dependency",
	// "DependencyNeverSatisfied"...).
	Reason string
}

// Finished reports whether the task will not change any more.
func (t Task) Finished() bool {
	switch t.State {
	case "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "RESIZING", "SUSPENDED", "STOPPED", "SIGNALING", "STAGE_OUT":
		return false
	}
	return true
}

// Jobs returns the tasks of job id (one for a plain job, one per task
// of an array) as scontrol shows them now.
func (c *Cluster) Jobs(id string) ([]Task, error) {
	var stderr bytes.Buffer
	cmd := c.Command("scontrol", "show", "job", "-o", id)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("scontrol show job %s: %v: %s", id, err, stderr.String())
	}
	return parseJobs(string(out))
}

// parseJobs reads scontrol show job -o: one line per task, fields
// Key=Value separated by spaces.
func parseJobs(out string) ([]Task, error) {
	var tasks []Task
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		f := map[string]string{}
		for _, kv := range strings.Fields(line) {
			if k, v, ok := strings.Cut(kv, "="); ok {
				if _, dup := f[k]; !dup {
					f[k] = v
				}
			}
		}
		task := Task{ID: f["JobId"], State: f["JobState"], Reason: f["Reason"]}
		if a, ok := f["ArrayJobId"]; ok {
			task.ID = a + "_" + f["ArrayTaskId"]
		}
		if task.ID == "" || task.State == "" {
			return nil, fmt.Errorf("scontrol: no JobId or JobState in %q", line)
		}
		if ec, ok := f["ExitCode"]; ok {
			st, sig, _ := strings.Cut(ec, ":")
			var err1, err2 error
			task.ExitCode, err1 = strconv.Atoi(st)
			task.Signal, err2 = strconv.Atoi(sig)
			if err := errors.Join(err1, err2); err != nil {
				return nil, fmt.Errorf("scontrol: ExitCode=%s: %v", ec, err)
			}
		}
		tasks = append(tasks, task)
	}
	if len(tasks) == 0 {
		return nil, errors.New("scontrol: no job")
	}
	return tasks, nil
}

// Wait polls job id until every task of it has finished, and returns
// them; it fails the test after Deadline.
func (c *Cluster) Wait(t testing.TB, id string) []Task {
	t.Helper()
	var tasks []Task
	var err error
	c.waitFor(t, "job "+id+" to finish", func() bool {
		tasks, err = c.Jobs(id)
		if err != nil {
			return false
		}
		for _, task := range tasks {
			if !task.Finished() {
				return false
			}
		}
		return true
	})
	return tasks
}

// start starts a daemon with the cluster's environment, its output in
// log/name.out.
func (c *Cluster) start(t testing.TB, name, prog string, args ...string) {
	t.Helper()
	log := filepath.Join(c.Dir, "log", name+".out")
	f, err := os.Create(log)
	if err != nil {
		t.Fatalf("slurmtest: %v", err)
	}
	defer f.Close()
	cmd := c.Command(prog, args...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("slurmtest: %s: %v", prog, err)
	}
	d := &daemon{name: name, cmd: cmd, log: log, done: make(chan struct{})}
	go func() { d.err = cmd.Wait(); close(d.done) }()
	c.daemons = append(c.daemons, d)
}

// waitFor polls ok until it holds, failing the test after Deadline or
// as soon as a daemon has exited, with the daemons' logs.
func (c *Cluster) waitFor(t testing.TB, what string, ok func() bool) {
	t.Helper()
	end := time.Now().Add(Deadline)
	for !ok() {
		for _, d := range c.daemons {
			select {
			case <-d.done:
				t.Fatalf("slurmtest: %s exited (%v) while waiting for %s\n%s", d.name, d.err, what, c.logs())
			default:
			}
		}
		if time.Now().After(end) {
			t.Fatalf("slurmtest: no %s after %v\n%s", what, Deadline, c.logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// logs is the end of each daemon's output, for a failure's message.
func (c *Cluster) logs() string {
	var b strings.Builder
	for _, d := range c.daemons {
		out, _ := os.ReadFile(d.log)
		if len(out) > 3000 {
			out = out[len(out)-3000:]
		}
		fmt.Fprintf(&b, "--- %s:\n%s\n", d.name, out)
	}
	return b.String()
}

// stop cancels the jobs left, stops the daemons (slurmd, slurmctld,
// munged: the reverse of their start), kills what is left of the
// cluster's processes, and fails the test if there was any.
func (c *Cluster) stop(t testing.TB) {
	if len(c.daemons) > 1 { // slurmctld runs
		ctx, cancel := context.WithTimeout(context.Background(), Deadline)
		cmd := exec.CommandContext(ctx, "scancel", "--full", "--user="+strconv.Itoa(os.Getuid()))
		cmd.Env = c.Env()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Logf("slurmtest: scancel: %v: %s", err, out)
		}
		cancel()
		// Cancelled jobs' steps end before slurmd goes, so that no
		// slurmstepd outlives it.
		end := time.Now().Add(Deadline)
		for time.Now().Before(end) {
			out, err := c.Command("squeue", "-h", "-o", "%i").Output()
			if err != nil || strings.TrimSpace(string(out)) == "" {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	for i := len(c.daemons) - 1; i >= 0; i-- {
		d := c.daemons[i]
		d.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-d.done:
		case <-time.After(Deadline):
			t.Errorf("slurmtest: %s did not stop on SIGTERM within %v; killed", d.name, Deadline)
			syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
			<-d.done
		}
	}
	if left := Leftovers(c.Dir); len(left) > 0 {
		for _, p := range left {
			syscall.Kill(p.PID, syscall.SIGKILL)
		}
		t.Errorf("slurmtest: processes of the cluster left after it stopped (killed now):\n%s", formatProcs(left))
	}
	if t.Failed() {
		t.Logf("slurmtest: the cluster's directory is kept: %s\n%s", c.Dir, c.logs())
		return
	}
	os.RemoveAll(c.Dir)
}

// Proc is a process found by Leftovers.
type Proc struct {
	PID     int
	Comm    string
	Cmdline string
}

func formatProcs(ps []Proc) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %d %s: %s\n", p.PID, p.Comm, p.Cmdline)
	}
	return b.String()
}

// Leftovers lists the live processes (not zombies) of the cluster in
// dir: those whose command line names dir or whose environment holds
// MarkerVar=dir or SLURM_CONF under dir. It looks a few times over a
// couple of seconds, for a process just signalled to go.
func Leftovers(dir string) []Proc {
	var left []Proc
	for range 20 {
		left = left[:0]
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == os.Getpid() {
				continue
			}
			p := filepath.Join("/proc", e.Name())
			cmdline, _ := os.ReadFile(filepath.Join(p, "cmdline"))
			environ, _ := os.ReadFile(filepath.Join(p, "environ"))
			if !bytes.Contains(cmdline, []byte(dir)) && !bytes.Contains(environ, []byte(MarkerVar+"="+dir)) &&
				!bytes.Contains(environ, []byte("SLURM_CONF="+dir)) {
				continue
			}
			if st, _ := os.ReadFile(filepath.Join(p, "stat")); bytes.Contains(st, []byte(") Z ")) {
				continue
			}
			comm, _ := os.ReadFile(filepath.Join(p, "comm"))
			left = append(left, Proc{PID: pid, Comm: strings.TrimSpace(string(comm)), Cmdline: strings.ReplaceAll(string(cmdline), "\x00", " ")})
		}
		if len(left) == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return left
}
