package cosocket

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"slices"
	"testing"
	"time"
)

func TestCipherSuites(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want []uint16
	}{
		{"DEFAULT", nil},
		{"HIGH:!aNULL:!MD5", nil},
		{"ECDHE-RSA-AES256-SHA", []uint16{tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA}},
		{"ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA:!AES256-SHA", []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}},
	} {
		if got := CipherSuites(tc.spec); !slices.Equal(got, tc.want) {
			t.Errorf("CipherSuites(%q) = %v, want %v", tc.spec, got, tc.want)
		}
	}
	if got := CipherSuites("DEFAULT:!ECDHE-RSA-AES128-SHA"); len(got) == 0 || slices.Contains(got, tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA) {
		t.Errorf("exclusion from the default list: %v", got)
	}
}

func TestHandshakeLineAndVersions(t *testing.T) {
	line := HandshakeLine(tls.ConnectionState{Version: tls.VersionTLS10, CipherSuite: tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA})
	if want := `SSL: TLSv1, cipher: "ECDHE-RSA-AES256-SHA TLSv1 Kx=ECDH Au=RSA Enc=AES(256) Mac=SHA1"`; line != want {
		t.Errorf("got %s", line)
	}
	lo, hi, ok := TLSVersions([]string{"SSLv3", "TLSv1.2", "TLSv1"})
	if !ok || lo != tls.VersionTLS10 || hi != tls.VersionTLS12 {
		t.Errorf("TLSVersions: %x %x %v", lo, hi, ok)
	}
	if _, _, ok := TLSVersions([]string{"SSLv2"}); ok {
		t.Error("SSLv2 alone gave a range")
	}
}

// selfSigned makes a self-signed certificate with a common name only.
func selfSigned(t *testing.T, cn string, serial int64) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return c, key
}

func TestHostMatchesCommonName(t *testing.T) {
	c, _ := selfSigned(t, "test.com", 1)
	for host, want := range map[string]bool{"test.com": true, "TEST.com": true, "foo.test.com": false, "other.com": false} {
		if got := hostMatches(c, host); got != want {
			t.Errorf("hostMatches(%q) = %v", host, got)
		}
	}
	if !nameMatches("*.test.com", "a.test.com") || nameMatches("*.test.com", "a.b.test.com") {
		t.Error("wildcard label")
	}
}

func TestCheckCRLs(t *testing.T) {
	c, key := selfSigned(t, "test.com", 7)
	crl := func(next time.Time, serials ...int64) *x509.RevocationList {
		var entries []x509.RevocationListEntry
		for _, s := range serials {
			entries = append(entries, x509.RevocationListEntry{SerialNumber: big.NewInt(s), RevocationTime: time.Now()})
		}
		der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1),
			ThisUpdate: time.Now().Add(-2 * time.Hour), NextUpdate: next, RevokedCertificateEntries: entries}, c, key)
		if err != nil {
			t.Fatal(err)
		}
		l, err := x509.ParseRevocationList(der)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	chain := []*x509.Certificate{c}
	later, earlier := time.Now().Add(time.Hour), time.Now().Add(-time.Hour)
	for _, tc := range []struct {
		name string
		crls []*x509.RevocationList
		want int
	}{
		{"no CRL for the issuer", nil, x509NoCRL},
		{"not revoked", []*x509.RevocationList{crl(later, 3)}, 0},
		{"revoked", []*x509.RevocationList{crl(later, 7)}, x509Revoked},
		{"expired CRL", []*x509.RevocationList{crl(earlier)}, x509CRLExpired},
		// the last error wins, as with nginx's forgiving verify callback
		{"revoked by an expired CRL", []*x509.RevocationList{crl(earlier, 7)}, x509Revoked},
	} {
		if got := checkCRLs(tc.crls, chain); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}
