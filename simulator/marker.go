package simulator

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"

	"github.com/iamsim/iamsim/account"
)

// A Marker is opaque to callers (API_SimulateCustomPolicy: "Use this
// parameter only when paginating results and only after you receive a
// response indicating that the results are truncated. Set it to the value of
// the Marker element in the response that you received"). Ours is the
// unpadded base64url of a version byte, the 4-byte offset of the next result,
// and the first 16 bytes of a SHA-256 of the request without Marker and
// MaxItems: a Marker from another request, or one that was altered, is
// InvalidInput rather than a silently wrong page.
const (
	markerVersion  = 1
	markerHashSize = 16
	markerSize     = 1 + 4 + markerHashSize
)

// requestHash digests everything that decides the results: the operation,
// the request members other than Marker and MaxItems (a caller may change
// the page size between pages), and the account snapshot's identity.
func requestHash(op, source string, c *SimulateCustomPolicyInput, acct *account.Account) []byte {
	canon := struct {
		Op                                 string
		PolicySourceArn                    string
		PolicyInputList                    []string
		PermissionsBoundaryPolicyInputList []string
		ActionNames                        []string
		ResourceArns                       []string
		ResourcePolicy                     *string
		ResourceOwner                      *string
		CallerArn                          *string
		ContextEntries                     []ContextEntry
		ResourceHandlingOption             *string
		Account                            string
	}{op, source, c.PolicyInputList, c.PermissionsBoundaryPolicyInputList, c.ActionNames, c.ResourceArns, c.ResourcePolicy,
		c.ResourceOwner, c.CallerArn, c.ContextEntries, c.ResourceHandlingOption, ""}
	if acct != nil {
		canon.Account = acct.ID()
	}
	b, _ := json.Marshal(canon) // cannot fail: strings, slices and pointers only
	sum := sha256.Sum256(b)
	return sum[:markerHashSize]
}

// requestHash returns req's hash, computing it the first time: only a
// request that reads or writes a Marker needs it.
func (s *Simulator) requestHash(req *request) []byte {
	if req.hash == nil {
		req.hash = requestHash(req.op, req.policySourceArn, req.in, s.acct)
	}
	return req.hash
}

func encodeMarker(offset int, hash []byte) string {
	var b [markerSize]byte
	b[0] = markerVersion
	binary.BigEndian.PutUint32(b[1:5], uint32(offset))
	copy(b[5:], hash)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// decodeMarker returns the offset a Marker points at, checking that it was
// made for this request and points inside its results.
func decodeMarker(m string, hash []byte, total int) (int, *Error) {
	bad := invalidInput("Marker %q is not valid for this request: pass the Marker of the previous response with an otherwise identical request", shortForMessage(m))
	b, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil || len(b) != markerSize || b[0] != markerVersion {
		return 0, bad
	}
	for i := range markerHashSize {
		if b[5+i] != hash[i] {
			return 0, bad
		}
	}
	off := binary.BigEndian.Uint32(b[1:5])
	if off == 0 || uint64(off) >= uint64(total) {
		return 0, bad
	}
	return int(off), nil
}

// shortForMessage shortens a value for an error message.
func shortForMessage(s string) string {
	const max = 64
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "..."
		}
		n++
	}
	return s
}
