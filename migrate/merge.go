package migrate

// Merge folds another aggregate (built with the same catalog) into u, so
// several batches of logs read separately propose one key.
func (u *Usage) Merge(o *Usage) {
	u.all.merge(o.all)
	for k, t := range o.groups {
		mine, ok := u.groups[k]
		if !ok {
			if len(u.groups) >= maxGroups {
				u.groupOverflow += t.Requests
				continue
			}
			mine = newTally()
			u.groups[k] = mine
		}
		mine.merge(t)
	}
	u.groupOverflow += o.groupOverflow
	u.Sources = append(u.Sources, o.Sources...)
}

func (t *tally) merge(o *tally) {
	t.Merge(o.Window)
	t.connect += o.connect
	for k, v := range o.ops {
		mine, ok := t.ops[k]
		if !ok {
			c := *v
			c.Statuses = map[string]int{}
			for s, n := range v.Statuses {
				c.Statuses[s] = n
			}
			c.Expand = append([]permissionT(nil), v.Expand...)
			c.ExpandUnknown = append([]string(nil), v.ExpandUnknown...)
			c.Inputs = append([]string(nil), v.Inputs...)
			c.IPs = append([]string(nil), v.IPs...)
			c.Origins = append([]string(nil), v.Origins...)
			c.UserAgents = append([]string(nil), v.UserAgents...)
			t.ops[k] = &c
			continue
		}
		mine.Count += v.Count
		mine.Proof += v.Proof
		mine.Denied += v.Denied
		mine.Connect += v.Connect
		for s, n := range v.Statuses {
			mine.Statuses[s] += n
		}
		mine.First = earliest(mine.First, v.First)
		if !v.Last.Before(mine.Last) {
			mine.Last, mine.LastRequest = v.Last, v.LastRequest
		}
		for _, p := range v.Expand {
			if !containsPerm(mine.Expand, p) {
				mine.Expand = append(mine.Expand, p)
			}
		}
		for _, pair := range []struct{ dst, src *[]string }{{&mine.Inputs, &v.Inputs}, {&mine.IPs, &v.IPs}, {&mine.Origins, &v.Origins}, {&mine.UserAgents, &v.UserAgents}} {
			for _, x := range *pair.src {
				mine.note(pair.dst, x)
			}
		}
		for _, x := range v.ExpandUnknown {
			if !contains(mine.ExpandUnknown, x) {
				mine.ExpandUnknown = append(mine.ExpandUnknown, x)
			}
		}
	}
	for k, v := range o.unmapped {
		mine, ok := t.unmapped[k]
		if !ok {
			if len(t.unmapped) >= maxUnmapped {
				t.unmappedOvf += v.count
				continue
			}
			c := *v
			t.unmapped[k] = &c
			continue
		}
		mine.count += v.count
		mine.ok += v.ok
		mine.last = latest(mine.last, v.last)
	}
	t.unmappedOvf += o.unmappedOvf
	for k, v := range o.ips {
		mine, ok := t.ips[k]
		if !ok {
			if len(t.ips) >= maxIPs {
				t.ipOverflow++
				continue
			}
			c := *v
			t.ips[k] = &c
			continue
		}
		mine.Requests += v.Requests
		mine.FirstSeen = earliest(mine.FirstSeen, v.FirstSeen)
		mine.LastSeen = latest(mine.LastSeen, v.LastSeen)
	}
	t.ipOverflow += o.ipOverflow
	for k := range o.accounts {
		if len(t.accounts) < maxAccounts {
			t.accounts[k] = struct{}{}
		}
	}
	for k, n := range o.userAgents {
		if _, ok := t.userAgents[k]; ok || len(t.userAgents) < maxUserAgents {
			t.userAgents[k] += n
		}
	}
	for k, v := range o.denials {
		mine, ok := t.denials[k]
		if !ok {
			if len(t.denials) >= maxDenials {
				t.denialOvf += v.Count
				continue
			}
			c := *v
			t.denials[k] = &c
			continue
		}
		mine.Count += v.Count
		mine.First = earliest(mine.First, v.First)
		if !v.Last.Before(mine.Last) {
			mine.Last, mine.Request = v.Last, v.Request
		}
	}
	t.denialOvf += o.denialOvf
}
