package permissions

// ConnectNeed says what a request made on behalf of a connected account (a
// Stripe-Account header, or Connect traffic in the logs) needs of the key.
// Such requests are authorised by the key's separate Connect permissions
// column, and a permission Stripe marks "(Direct)" cannot authorise them.
type ConnectNeed string

const (
	ConnectNotNeeded ConnectNeed = ""               // not a Connect request
	ConnectColumn    ConnectNeed = "connect_column" // grant the permission in the key's Connect column
	ConnectDirect    ConnectNeed = "direct"         // the permission is Direct: no key can make this Connect call
)

// Connect tells what the key needs for this match when the request carries
// the connected account acct ("" for the platform's own calls).
func (m Match) Connect(acct string) ConnectNeed {
	switch {
	case acct == "":
		return ConnectNotNeeded
	case m.Operation.Direct:
		return ConnectDirect
	}
	return ConnectColumn
}
