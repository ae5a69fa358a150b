package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionString(t *testing.T) {
	build := func(version string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/iamsim/iamsim", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{name: "no build information", want: "iamsim (devel)"},
		{name: "checkout without version control information", bi: build("(devel)"), ok: true, want: "iamsim (devel) go1.26.8"},
		{name: "empty version", bi: build(""), ok: true, want: "iamsim (devel) go1.26.8"},
		{name: "release", bi: build("v1.2.3"), ok: true, want: "iamsim v1.2.3 go1.26.8"},
		{name: "commit", bi: build("v0.0.0-20261207185053-232b52b571c1", "vcs", "git",
			"vcs.revision", "232b52b571c1857660e734a7a20b9a534e19f3af", "vcs.modified", "false"), ok: true,
			want: "iamsim v0.0.0-20261207185053-232b52b571c1 (232b52b571c1857660e734a7a20b9a534e19f3af) go1.26.8"},
		{name: "modified checkout", bi: build("v0.0.0-20261207185053-232b52b571c1+dirty",
			"vcs.revision", "232b52b571c1857660e734a7a20b9a534e19f3af", "vcs.modified", "true"), ok: true,
			want: "iamsim v0.0.0-20261207185053-232b52b571c1+dirty (232b52b571c1857660e734a7a20b9a534e19f3af, modified) go1.26.8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := versionString(tc.bi, tc.ok); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// Both forms print the build of the running binary.
func TestVersionForms(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	want := versionString(bi, ok) + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}} {
		t.Run(args[0], func(t *testing.T) {
			t.Parallel()
			code, out, errs := runCLI(args...)
			if code != exitOK || out != want || errs != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0, %q, nothing", code, out, errs, want)
			}
		})
	}
}
