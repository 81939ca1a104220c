// Package slurmtest starts a private one-node Slurm cluster for tests, as
// net/http/httptest starts servers: munged with a key of its own,
// slurmctld and slurmd as the test's own processes, a generated
// slurm.conf, and every state, spool, socket and log file in one temporary
// directory. Nothing of the machine's Slurm or munge (their /etc files,
// their sockets, a running daemon) is read or touched.
//
// A test starts it, submits with the cluster's environment and waits:
//
//	c := slurmtest.Start(t) // skips when Slurm or munge is not installed
//	id := c.Submit(t, "--wrap", "echo hi", "-o", filepath.Join(c.Dir, "%j.out"))
//	for _, task := range c.Wait(t, id) {
//		if task.State != "COMPLETED" { ... }
//	}
//
// Start registers a cleanup that cancels the jobs left, stops slurmd,
// slurmctld and munged, and fails the test if any process it started (a
// daemon, slurmstepd, a job's command: all carry the cluster's directory in
// their environment) is still there.
//
// It needs Debian's slurmctld, slurmd, slurm-client and munge packages
// (Slurm 22.05 in bookworm) and root, as slurmd does to start jobs; without
// them the test is skipped with a message saying what is missing. There is
// no accounting database: job states come from scontrol, so a job is
// forgotten after MinJobAge (set to an hour here).
package slurmtest
