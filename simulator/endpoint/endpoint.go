package endpoint

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iamsim/iamsim/simulator"
)

// APIVersion is the only Version of the IAM API the endpoint answers.
const APIVersion = "2010-05-08"

// Namespace is the XML namespace of IAM's responses.
const Namespace = "https://iam.amazonaws.com/doc/2010-05-08/"

// DefaultMaxRequestBytes bounds a request body. A policy document is at most
// 131,072 characters, up to three times that once form-encoded, and a
// simulation may carry several; 8 MiB leaves room for that and no more.
const DefaultMaxRequestBytes = 8 << 20

// DefaultAccountID is the account of an endpoint started without one (the
// ID the AWS documentation uses in its examples).
const DefaultAccountID = "123456789012"

// Handler serves the IAM Query protocol over HTTP. It is safe for concurrent
// use: simulations read an immutable snapshot of the account, and changes are
// applied one at a time to a copy that replaces it once it is durable.
type Handler struct {
	mu      sync.Mutex // serializes changes
	cur     atomic.Pointer[snapshot]
	simOpts []simulator.Option
	store   *store
	creds   map[string]string // access key ID → secret; nil accepts any request
	maxBody int64
	now     func() time.Time
}

// snapshot is one published state of the account with its simulator.
type snapshot struct {
	st  *state
	sim *simulator.Simulator
}

// Option configures a Handler.
type Option func(*config)

type config struct {
	account   *simulator.Account
	accountID string
	simOpts   []simulator.Option
	dataDir   string
	creds     map[string]string
	maxBody   int64
	now       func() time.Time
}

// WithAccount seeds the endpoint's account (for example from
// simulator.LoadAuthorizationDetails). With WithDataDir, the seed is used only
// when the directory holds no state yet. The Account is copied, not kept.
func WithAccount(a *simulator.Account) Option { return func(c *config) { c.account = a } }

// WithAccountID sets the ID of an account started empty (default
// DefaultAccountID).
func WithAccountID(id string) Option { return func(c *config) { c.accountID = id } }

// WithSimulatorOptions passes options (AllowAnyCaller, EvaluateTrustPolicies,
// WithCacheSize) to the simulator behind the four simulation operations.
// WithAccount among them is ignored: the endpoint's own account is used.
func WithSimulatorOptions(opts ...simulator.Option) Option {
	return func(c *config) { c.simOpts = append(c.simOpts, opts...) }
}

// WithDataDir makes every acknowledged change durable in dir: a change is
// appended to a write-ahead log and fsynced before it is answered, and the
// log is folded into an atomically replaced snapshot from time to time. New
// reloads the directory's state.
func WithDataDir(dir string) Option { return func(c *config) { c.dataDir = dir } }

// WithCredentials turns on AWS Signature Version 4 verification: every
// request must be signed with one of these access keys (access key ID →
// secret access key). Without it, any signature, or none, is accepted.
func WithCredentials(creds map[string]string) Option {
	return func(c *config) { c.creds = creds }
}

// WithMaxRequestBytes bounds a request's body (default
// DefaultMaxRequestBytes).
func WithMaxRequestBytes(n int64) Option { return func(c *config) { c.maxBody = n } }

// withClock replaces time.Now, for tests.
func withClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// New returns a Handler. It fails only when WithDataDir names a directory
// whose state cannot be read or written.
func New(opts ...Option) (*Handler, error) {
	c := config{maxBody: DefaultMaxRequestBytes, now: time.Now, accountID: DefaultAccountID}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	// Every published Simulator shares the caches of parsed documents and
	// compiled policy sets (keyed by document texts, so never stale): a
	// change keeps what it did not touch.
	simOpts := append([]simulator.Option{simulator.WithCaches(simulator.NewCaches(simulator.DefaultCacheSize))}, c.simOpts...)
	h := &Handler{simOpts: simOpts, creds: c.creds, maxBody: c.maxBody, now: c.now}
	seed := func() *state {
		if c.account != nil {
			return fromAccount(c.account, c.now().UTC())
		}
		return newState(c.accountID, "aws")
	}
	var st *state
	if c.dataDir != "" {
		s, loaded, err := openStore(c.dataDir, seed)
		if err != nil {
			return nil, err
		}
		h.store, st = s, loaded
	} else {
		st = seed()
	}
	h.publish(st)
	return h, nil
}

// Close releases the data directory, if any. The Handler must not serve
// requests afterwards.
func (h *Handler) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.store == nil {
		return nil
	}
	err := h.store.close()
	h.store = nil
	return err
}

// Account returns a copy of the endpoint's current account, as the
// simulator sees it.
func (h *Handler) Account() *simulator.Account { return h.cur.Load().st.account() }

func (h *Handler) publish(st *state) {
	opts := append(append([]simulator.Option{}, h.simOpts...), simulator.WithAccount(st.account()))
	h.cur.Store(&snapshot{st: st, sim: simulator.New(opts...)})
}

// apiError is an error response: IAM's code, message and HTTP status.
type apiError struct {
	Code    string
	Message string
	Status  int
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...), Status: status}
}

func noSuchEntity(format string, args ...any) *apiError {
	return errorf(http.StatusNotFound, "NoSuchEntity", format, args...)
}

func alreadyExists(format string, args ...any) *apiError {
	return errorf(http.StatusConflict, "EntityAlreadyExists", format, args...)
}

func deleteConflict(format string, args ...any) *apiError {
	return errorf(http.StatusConflict, "DeleteConflict", format, args...)
}

func limitExceeded(format string, args ...any) *apiError {
	return errorf(http.StatusConflict, "LimitExceeded", format, args...)
}

func invalidInput(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, "InvalidInput", format, args...)
}

// toAPIError maps any error of an operation to the response AWS would give.
func toAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var se *simulator.Error
	if errors.As(err, &se) {
		return &apiError{Code: se.Code, Message: se.Message, Status: se.HTTPStatus}
	}
	return errorf(http.StatusInternalServerError, "ServiceFailure", "%v", err)
}

// ServeHTTP answers one IAM Query-protocol request: POST with a form-encoded
// body, or GET with a query string.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := newRequestID()
	form, body, aerr := h.readForm(w, r)
	if aerr == nil && h.creds != nil {
		aerr = h.verifySigV4(r, body)
	}
	if aerr != nil {
		writeError(w, reqID, aerr)
		return
	}
	action := form.Get("Action")
	if action == "" {
		writeError(w, reqID, errorf(http.StatusBadRequest, "MissingAction", "The request must contain the parameter Action."))
		return
	}
	op := operations[action]
	if v := form.Get("Version"); op == nil || (v != "" && v != APIVersion) {
		if v == "" {
			v = APIVersion
		}
		writeError(w, reqID, errorf(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version %s", action, v))
		return
	}
	res, err := h.call(r, op, params{form})
	if err != nil {
		writeError(w, reqID, toAPIError(err))
		return
	}
	writeResult(w, reqID, action, res)
}

// readForm reads the request's parameters, bounded in size.
func (h *Handler) readForm(w http.ResponseWriter, r *http.Request) (url.Values, []byte, *apiError) {
	var body []byte
	switch r.Method {
	case http.MethodPost:
		var err error
		body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, nil, errorf(http.StatusBadRequest, "RequestEntityTooLarge", "Request body exceeds %d bytes.", h.maxBody)
			}
			return nil, nil, errorf(http.StatusBadRequest, "MalformedQueryString", "The request body could not be read: %v", err)
		}
		ct := r.Header.Get("Content-Type")
		if ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/x-www-form-urlencoded") {
			return nil, nil, errorf(http.StatusBadRequest, "MalformedQueryString", "Content-Type %q is not supported; the IAM Query protocol sends application/x-www-form-urlencoded.", ct)
		}
	case http.MethodGet:
	default:
		return nil, nil, errorf(http.StatusMethodNotAllowed, "InvalidHttpRequest", "Method %s is not supported; use POST or GET.", r.Method)
	}
	if len(r.URL.RawQuery) > int(h.maxBody) {
		return nil, nil, errorf(http.StatusBadRequest, "RequestEntityTooLarge", "Query string exceeds %d bytes.", h.maxBody)
	}
	form, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, nil, errorf(http.StatusBadRequest, "MalformedQueryString", "The query string is malformed: %v", err)
	}
	if len(body) > 0 {
		bf, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, nil, errorf(http.StatusBadRequest, "MalformedQueryString", "The request body is not valid form encoding: %v", err)
		}
		for k, v := range bf {
			form[k] = append(form[k], v...)
		}
	}
	return form, body, nil
}

// call runs an operation: a read on the current snapshot, or a change on a
// copy of it that becomes current once logged.
func (h *Handler) call(r *http.Request, op *operation, p params) (any, error) {
	if err := validate(p, op.fields); err != nil {
		return nil, err
	}
	if op.read != nil {
		return op.read(r, h.cur.Load(), p)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now().UTC().Truncate(time.Second)
	st := h.cur.Load().st.clone()
	res, err := op.change(st, p, now)
	if err != nil {
		return nil, err
	}
	if h.store != nil {
		if err := h.store.append(st, op.name, p.form, now); err != nil {
			return nil, errorf(http.StatusInternalServerError, "ServiceFailure", "the change could not be made durable: %v", err)
		}
	}
	h.publish(st)
	return res, nil
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	s := hex.EncodeToString(b[:])
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}

// writeResult writes <ActionResponse><ActionResult>…</ActionResult>
// <ResponseMetadata/></ActionResponse>; operations without output have no
// Result element.
func writeResult(w http.ResponseWriter, reqID, action string, res any) {
	var b xmlWriter
	b.Grow(2048)
	b.WriteString(xml.Header)
	b.WriteString("<" + action + `Response xmlns="` + Namespace + `">`)
	switch r := res.(type) {
	case nil:
	case *xSimulateResult:
		r.appendXML(&b, action+"Result")
	default:
		enc := xml.NewEncoder(&b)
		if err := enc.EncodeElement(res, xml.StartElement{Name: xml.Name{Local: action + "Result"}}); err != nil {
			writeError(w, reqID, errorf(http.StatusInternalServerError, "ServiceFailure", "encoding the response: %v", err))
			return
		}
		_ = enc.Flush()
	}
	b.WriteString("<ResponseMetadata><RequestId>" + reqID + "</RequestId></ResponseMetadata></" + action + "Response>")
	hd := w.Header()
	hd["Content-Type"] = []string{"text/xml"}
	hd["X-Amzn-Requestid"] = []string{reqID}
	_, _ = io.WriteString(w, b.String())
}

type xmlErrorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

func writeError(w http.ResponseWriter, reqID string, e *apiError) {
	typ := "Sender"
	if e.Status >= 500 {
		typ = "Receiver"
	}
	out, _ := xml.Marshal(xmlErrorResponse{Xmlns: Namespace, Type: typ, Code: e.Code, Message: e.Message, RequestID: reqID})
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("x-amzn-RequestId", reqID)
	w.WriteHeader(e.Status)
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(out)
}
