package endpoint

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/endpoint/internal/sigv4"
	"github.com/iamsim/iamsim/endpoint/internal/store"
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

// Handler serves the IAM Query protocol over HTTP. It is safe for concurrent
// use: the account applies changes one at a time and lets reads and
// simulations proceed meanwhile.
type Handler struct {
	acct    *account.Account
	sim     *simulator.Simulator
	store   *store.Store // nil: in memory only
	creds   map[string]string
	maxBody int64
	now     func() time.Time
	// errorLog gets the causes of internal failures, which clients are
	// not told.
	errorLog *log.Logger
}

// Option configures a Handler.
type Option func(*config)

type config struct {
	account   *account.Account
	accountID string
	simOpts   []simulator.Option
	dataDir   string
	creds     map[string]string
	maxBody   int64
	errorLog  *log.Logger
}

// WithAccount makes the endpoint serve a: its operations read and change
// a, which stays shared with the caller (use a.Clone() to keep a copy
// apart). With WithDataDir, a only seeds a directory that holds no account
// yet; otherwise the directory's account is served.
func WithAccount(a *account.Account) Option { return func(c *config) { c.account = a } }

// WithAccountID sets the ID of an account started empty (default
// account.DefaultAccountID).
func WithAccountID(id string) Option { return func(c *config) { c.accountID = id } }

// WithSimulatorOptions passes options (AllowAnyCaller, EvaluateTrustPolicies,
// WithCacheSize, WithCacheBytes, WithInputLimits) to the simulator behind
// the four simulation operations. WithAccount among them is ignored: the
// endpoint's own account is simulated.
func WithSimulatorOptions(opts ...simulator.Option) Option {
	return func(c *config) { c.simOpts = append(c.simOpts, opts...) }
}

// WithDataDir makes every acknowledged change durable in dir: a change is
// appended to a write-ahead log and fsynced before it takes effect, and the
// log is folded into an atomically replaced snapshot from time to time. New
// reloads the directory's account.
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

// WithErrorLog sets where the endpoint logs the cause of an internal
// failure (HTTP 500), which may name the server's files and is not sent to
// the client (default: the log package's standard logger, which writes to
// standard error).
func WithErrorLog(l *log.Logger) Option { return func(c *config) { c.errorLog = l } }

// New returns a Handler. It fails only when WithDataDir names a directory
// whose account cannot be read or written.
func New(opts ...Option) (*Handler, error) {
	c := config{maxBody: DefaultMaxRequestBytes}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	h := &Handler{creds: c.creds, maxBody: c.maxBody, now: time.Now, errorLog: c.errorLog}
	if h.errorLog == nil {
		h.errorLog = log.Default()
	}
	seed := func() *account.Account {
		if c.account != nil {
			return c.account
		}
		return account.New(c.accountID)
	}
	if c.dataDir != "" {
		s, a, err := store.Open(c.dataDir, seed)
		if err != nil {
			return nil, err
		}
		h.store, h.acct = s, a
	} else {
		h.acct = seed()
	}
	h.sim = simulator.New(append(c.simOpts, simulator.WithAccount(h.acct))...)
	return h, nil
}

// Close releases the data directory, if any: the account is no longer
// journaled. The Handler must not serve requests afterwards.
func (h *Handler) Close() error {
	if h.store == nil {
		return nil
	}
	err := h.store.Close()
	h.store = nil
	return err
}

// Account returns the account the endpoint serves. It is live: it shows
// every change the endpoint makes, and changes made to it show in the
// endpoint's answers (without a journal entry, when WithDataDir is set).
func (h *Handler) Account() *account.Account { return h.acct }

// ServeHTTP answers one IAM Query-protocol request: POST with a form-encoded
// body, or GET with a query string.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := newRequestID()
	if aerr := checkHeader(r); aerr != nil {
		writeError(w, reqID, aerr)
		return
	}
	form, body, aerr := h.readForm(w, r)
	if aerr == nil && h.creds != nil {
		if err := sigv4.Verify(r, body, h.creds, h.now()); err != nil {
			aerr = &apiError{Code: err.Code, Message: err.Message, Status: sigv4.Status}
		}
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
	p := params{form}
	if err := validate(p, op.fields); err != nil {
		writeError(w, reqID, toAPIError(err))
		return
	}
	res, err := op.run(h, r, p)
	if err != nil {
		h.fail(w, reqID, action, err)
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
			return nil, nil, errorf(http.StatusBadRequest, "MalformedQueryString", "The request body could not be read.")
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

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	s := hex.EncodeToString(b[:])
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}

// RecoverDataDir salvages the account of a data directory that New refused
// (a damaged write-ahead log, a log without its snapshot) into the new
// directory into, reading dir without changing it, and returns a report of
// what it carried over and what it lost. Serve from into afterwards.
func RecoverDataDir(dir, into string) (report string, err error) {
	rep, err := store.Recover(dir, into)
	if err != nil {
		return "", err
	}
	return rep.String(), nil
}
