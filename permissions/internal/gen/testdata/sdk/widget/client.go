package widget

// A miniature stripe-go client: literal paths, FormatURLPath variables and a
// path assigned in two branches.

func (c Client) New() { c.B.Call(http.MethodPost, "/v1/widgets", c.Key, nil, nil) }

func (c Client) Get(id string) {
	path := stripe.FormatURLPath("/v1/widgets/%s", id)
	c.B.Call(http.MethodGet, path, c.Key, nil, nil)
}

func (c Client) Del(p Params, id string) {
	var path string
	if p.Customer != nil {
		path = stripe.FormatURLPath("/v1/customers/%s/widgets/%s", *p.Customer, id)
	} else {
		path = stripe.FormatURLPath("/v1/accounts/%s/widgets/%s", *p.Account, id)
	}
	c.B.Call(http.MethodDelete, path, c.Key, nil, nil)
}

func (c Client) Upload() {
	c.BUploads.CallMultipart(http.MethodPost, "/v1/files", c.Key, "", nil, nil, nil)
}

func (c Client) Ignored() { c.B.Call(http.MethodGet, "https://example.com/x", c.Key, nil, nil) }
