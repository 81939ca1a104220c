package slurmtest

import (
	"reflect"
	"testing"
)

// parseJobs reads scontrol show job -o lines: plain jobs, array tasks
// (ArrayJobId_ArrayTaskId, the array's pending rest shown as a range),
// exit codes with signals, and rejects what is not a job.
func TestParseJobs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Task
		bad  bool
	}{
		{"plain", "JobId=7 JobName=wrap UserId=root(0) JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0 DerivedExitCode=3:0\n",
			[]Task{{ID: "7", State: "COMPLETED", Reason: "None"}}, false},
		{"failed", "JobId=8 JobState=FAILED Reason=NonZeroExitCode ExitCode=3:0", []Task{{ID: "8", State: "FAILED", ExitCode: 3, Reason: "NonZeroExitCode"}}, false},
		{"signal", "JobId=9 JobState=CANCELLED Reason=None ExitCode=0:15", []Task{{ID: "9", State: "CANCELLED", Signal: 15, Reason: "None"}}, false},
		{"array", "JobId=12 ArrayJobId=10 ArrayTaskId=2 JobState=RUNNING Reason=None ExitCode=0:0\nJobId=10 ArrayJobId=10 ArrayTaskId=3-4 JobState=PENDING Reason=Resources ExitCode=0:0\n",
			[]Task{{ID: "10_2", State: "RUNNING", Reason: "None"}, {ID: "10_3-4", State: "PENDING", Reason: "Resources"}}, false},
		{"empty", "\n", nil, true},
		{"no state", "JobId=1 JobName=x", nil, true},
		{"bad exit", "JobId=1 JobState=FAILED ExitCode=x:0", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseJobs(tt.in)
			if tt.bad {
				if err == nil {
					t.Errorf("parseJobs(%q) = %+v, want an error", tt.in, got)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseJobs(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
	for _, tk := range []Task{{State: "PENDING"}, {State: "RUNNING"}, {State: "COMPLETING"}} {
		if tk.Finished() {
			t.Errorf("%s is finished", tk.State)
		}
	}
	for _, tk := range []Task{{State: "COMPLETED"}, {State: "FAILED"}, {State: "CANCELLED"}, {State: "TIMEOUT"}} {
		if !tk.Finished() {
			t.Errorf("%s is not finished", tk.State)
		}
	}
}
