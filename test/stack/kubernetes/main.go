// paved-kube is a Kubernetes control plane in one binary, for test/stack/kubernetes.sh: the
// upstream commands behind one executable, so that they share a single compile and link.
//
//	paved-kube apiserver|controller-manager|scheduler|etcd|kubectl [flags...]
//	paved-kube pki <dir>
//
// Called through a link named kubectl (or kube-apiserver, ...), it runs that command, so the
// stack can hand tests a plain KUBECTL.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	_ "time/tzdata" // CronJob time zones, as in the upstream mains

	"github.com/spf13/cobra"
	"go.etcd.io/etcd/server/v3/etcdmain"
	_ "k8s.io/client-go/plugin/pkg/client/auth"
	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	kubectl "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

const usage = "usage: paved-kube apiserver|controller-manager|scheduler|etcd|kubectl [flags...] | paved-kube pki <dir>"

func main() {
	name := strings.TrimPrefix(filepath.Base(os.Args[0]), "kube-")
	args := os.Args[1:]
	if name == "paved-kube" {
		if len(args) == 0 {
			fmt.Fprintln(os.Stderr, usage)
			os.Exit(2)
		}
		name, args = strings.TrimPrefix(args[0], "kube-"), args[1:]
	}
	// The upstream commands read os.Args themselves (kubectl for plugins and -v, client-go for the
	// User-Agent that becomes the field manager in managedFields), so each sees the command line
	// it would have as its own binary.
	argv0 := name
	switch name {
	case "apiserver", "controller-manager", "scheduler":
		argv0 = "kube-" + name
	}
	os.Args = append([]string{argv0}, args...)

	switch name {
	case "apiserver":
		run(apiserver.NewAPIServerCommand())
	case "controller-manager":
		run(controllermanager.NewControllerManagerCommand())
	case "scheduler":
		run(scheduler.NewSchedulerCommand())
	case "kubectl":
		logs.GlogSetter(kubectl.GetLogVerbosity(os.Args)) //nolint:errcheck
		if err := cli.RunNoErrOutput(kubectl.NewDefaultKubectlCommand()); err != nil {
			kubectlutil.CheckErr(err)
		}
	case "etcd":
		etcdmain.Main(os.Args)
	case "pki":
		if len(args) != 1 {
			fmt.Fprintln(os.Stderr, usage)
			os.Exit(2)
		}
		if err := writePKI(args[0]); err != nil {
			fmt.Fprintln(os.Stderr, "paved-kube pki:", err)
			os.Exit(1)
		}
	default:
		fmt.Fprintf(os.Stderr, "paved-kube: unknown command %q\n%s\n", name, usage)
		os.Exit(2)
	}
}

func run(cmd *cobra.Command) {
	cmd.SetArgs(os.Args[1:])
	os.Exit(cli.Run(cmd))
}
