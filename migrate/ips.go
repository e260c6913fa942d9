package migrate

import (
	"fmt"
	"time"
)

// Thresholds of the IP judgement. An allowlist is advised only for a few
// addresses that stay in use across the window: many addresses, or addresses
// that come and go, mean autoscaling or changing egress, and an allowlist
// would break the integration the day a new one appears.
const (
	maxStableIPs = 5
	// minPersistence is the share of the window an address must span.
	minPersistence = 0.5
)

// JudgeIPs says whether the source IPs seen look stable enough for the key's
// IP allowlist. overflow counts addresses seen past the ones listed.
func JudgeIPs(ips []IPSeen, overflow int, first, last time.Time) IPJudgement {
	j := IPJudgement{Observed: ips}
	for i := range j.Observed {
		j.Observed[i].FirstSeen = j.Observed[i].FirstSeen.UTC()
		j.Observed[i].LastSeen = j.Observed[i].LastSeen.UTC()
	}
	n := len(ips) + overflow
	window := last.Sub(first)
	switch {
	case n == 0:
		j.Advice = "the logs carry no source IPs: check the Dashboard's request logs (Workbench) for the IPs your servers call from before setting an allowlist"
	case n > maxStableIPs:
		j.Advice = fmt.Sprintf("%d source IPs seen: they look like autoscaling or changing egress; an IP allowlist is not advised (it would refuse the next new address)", n)
	default:
		var churning []string
		for _, ip := range ips {
			if window > 0 && float64(ip.LastSeen.Sub(ip.FirstSeen)) < minPersistence*float64(window) {
				churning = append(churning, ip.IP)
			}
		}
		if len(churning) > 0 {
			j.Advice = fmt.Sprintf("%d of %d source IPs were in use only part of the window (%v): egress changes; an IP allowlist is not advised unless your egress IPs are fixed", len(churning), n, churning)
			break
		}
		j.Stable = true
		j.Advice = fmt.Sprintf("%d source IP(s), each in use across the window: an allowlist of exactly these is advised (confirm they are your fixed egress IPs first)", n)
	}
	return j
}
