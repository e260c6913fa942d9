// Package migrate is rakmigrate's migration engine: it aggregates the usage a
// log shows, proposes the minimal restricted key with evidence for every
// permission, folds the 403s of test runs into numbered rounds, gates and
// writes the live-mode plan, and reads and writes the manifest atomically.
//
// It never prints to a terminal: commands and the wizard render what it
// returns. It is the one place that reads logs for propose, iterate, check
// and the wizard (see Ingest).
//
// The flow, in calls:
//
//	u, err := migrate.Ingest(ctx, args, migrate.IngestOptions{…}, nil)
//	m, err := migrate.Propose(u, cat, migrate.ProposeOptions{Name: "checkout"})
//	err = m.Save("rak-manifest.yaml")
//	…test run with the key…
//	u2, _ := migrate.Ingest(ctx, testLogs, opts, nil)
//	round, changed, err := m.ApplyDenials(migrate.DenialsFrom(u2), u2, now)
//	plan, err := migrate.PlanLive(m, migrate.PlanOptions{Soak: 72 * time.Hour, Now: now})
//	// err is a *GateError listing every reason when the gate is closed
package migrate
