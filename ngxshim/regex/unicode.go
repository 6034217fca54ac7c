package regex

import (
	"sort"
	"unicode"
)

// Unicode property support (\p, \P, \X, caseless matching above ASCII in
// UTF-8 mode), on Go's Unicode tables. PCRE 8.39 ships Unicode 8.0 data; the
// differences to Go's newer tables only concern characters assigned since.

// Property types, PCRE's PT_ values.
const (
	ptAny = iota
	ptLAmp
	ptGC
	ptPC
	ptSC
	ptAlnum
	ptSpace
	ptPXSpace
	ptWord
	ptCList
	ptUCNC
	ptPXGraph
	ptPXPrint
	ptPXPunct
)

// Particular categories in PCRE's order (ucp_Cc .. ucp_Zs).
var ucpCategories = []struct {
	name  string
	table *unicode.RangeTable
	gen   int
}{
	{"Cc", unicode.Cc, gcC}, {"Cf", unicode.Cf, gcC}, {"Cn", nil, gcC}, {"Co", unicode.Co, gcC},
	{"Cs", unicode.Cs, gcC}, {"Ll", unicode.Ll, gcL}, {"Lm", unicode.Lm, gcL}, {"Lo", unicode.Lo, gcL},
	{"Lt", unicode.Lt, gcL}, {"Lu", unicode.Lu, gcL}, {"Mc", unicode.Mc, gcM}, {"Me", unicode.Me, gcM},
	{"Mn", unicode.Mn, gcM}, {"Nd", unicode.Nd, gcN}, {"Nl", unicode.Nl, gcN}, {"No", unicode.No, gcN},
	{"Pc", unicode.Pc, gcP}, {"Pd", unicode.Pd, gcP}, {"Pe", unicode.Pe, gcP}, {"Pf", unicode.Pf, gcP},
	{"Pi", unicode.Pi, gcP}, {"Po", unicode.Po, gcP}, {"Ps", unicode.Ps, gcP}, {"Sc", unicode.Sc, gcS},
	{"Sk", unicode.Sk, gcS}, {"Sm", unicode.Sm, gcS}, {"So", unicode.So, gcS}, {"Zl", unicode.Zl, gcZ},
	{"Zp", unicode.Zp, gcZ}, {"Zs", unicode.Zs, gcZ},
}

// Indexes of some particular categories.
const (
	ucpCn = 2
	ucpLl = 5
	ucpLt = 8
	ucpLu = 9
	ucpNl = 14
	ucpPo = 21
	ucpCc = 0
)

// General categories in PCRE's order.
const (
	gcC = iota
	gcL
	gcM
	gcN
	gcP
	gcS
	gcZ
)

var generalNames = []string{"C", "L", "M", "N", "P", "S", "Z"}

// Scripts added to Unicode after 8.0, which PCRE 8.39 does not know.
var newerScripts = map[string]bool{
	"Adlam": true, "Bhaiksuki": true, "Marchen": true, "Newa": true, "Osage": true, "Tangut": true,
	"Masaram_Gondi": true, "Nushu": true, "Soyombo": true, "Zanabazar_Square": true, "Dogra": true,
	"Gunjala_Gondi": true, "Hanifi_Rohingya": true, "Makasar": true, "Medefaidrin": true,
	"Old_Sogdian": true, "Sogdian": true, "Elymaic": true, "Nandinagari": true,
	"Nyiakeng_Puachue_Hmong": true, "Wancho": true, "Chorasmian": true, "Dives_Akuru": true,
	"Khitan_Small_Script": true, "Yezidi": true, "Cypro_Minoan": true, "Old_Uyghur": true,
	"Tangsa": true, "Toto": true, "Vithkuqi": true, "Kawi": true, "Nag_Mundari": true,
	"Garay": true, "Gurung_Khema": true, "Kirat_Rai": true, "Ol_Onal": true, "Sunuwar": true,
	"Todhri": true, "Tulu_Tigalari": true,
}

// scriptTables lists the scripts \p can name, indexed by property value.
var scriptTables []*unicode.RangeTable

// propNames maps a \p name to its type and value.
var propNames = map[string][2]int{}

var latin1Category [256]uint8

func init() {
	propNames["Any"] = [2]int{ptAny, 0}
	propNames["L&"] = [2]int{ptLAmp, 0}
	for i, g := range generalNames {
		propNames[g] = [2]int{ptGC, i}
	}
	for i, c := range ucpCategories {
		propNames[c.name] = [2]int{ptPC, i}
	}
	propNames["Xan"] = [2]int{ptAlnum, 0}
	propNames["Xps"] = [2]int{ptPXSpace, 0}
	propNames["Xsp"] = [2]int{ptSpace, 0}
	propNames["Xuc"] = [2]int{ptUCNC, 0}
	propNames["Xwd"] = [2]int{ptWord, 0}
	names := make([]string, 0, len(unicode.Scripts))
	for name := range unicode.Scripts {
		if !newerScripts[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		propNames[name] = [2]int{ptSC, len(scriptTables)}
		scriptTables = append(scriptTables, unicode.Scripts[name])
	}
	for c := 0; c < 256; c++ {
		latin1Category[c] = uint8(categoryOf(uint32(c)))
	}
}

func categoryOf(c uint32) int {
	r := rune(c)
	for i, cat := range ucpCategories {
		if cat.table != nil && unicode.Is(cat.table, r) {
			return i
		}
	}
	return ucpCn
}

// ucdCategory returns the particular category of c.
func ucdCategory(c uint32) int {
	if c < 256 {
		return int(latin1Category[c])
	}
	return categoryOf(c)
}

// ucdGeneral returns the general category of c.
func ucdGeneral(c uint32) int { return ucpCategories[ucdCategory(c)].gen }

// caseOrbit returns the characters caseless-equal to c (including c),
// sorted, and nil when c has no other case.
func caseOrbit(c uint32) []uint32 {
	r := rune(c)
	if c > unicode.MaxRune {
		return nil
	}
	f := unicode.SimpleFold(r)
	if f == r {
		return nil
	}
	orbit := []uint32{c}
	for ; f != r; f = unicode.SimpleFold(f) {
		orbit = append(orbit, uint32(f))
	}
	sort.Slice(orbit, func(i, j int) bool { return orbit[i] < orbit[j] })
	return orbit
}

// otherCase returns PCRE's single "other case" of c, or c.
func otherCase(c uint32) uint32 {
	if c > unicode.MaxRune {
		return c
	}
	r := rune(c)
	if u := unicode.ToUpper(r); u != r {
		return uint32(u)
	}
	if l := unicode.ToLower(r); l != r {
		return uint32(l)
	}
	if o := caseOrbit(c); len(o) > 1 {
		for _, x := range o {
			if x != c {
				return x
			}
		}
	}
	return c
}

// caseSet returns the caseless set of c when it has more than one other
// case (PCRE's UCD_CASESET), else nil.
func caseSet(c uint32) []uint32 {
	o := caseOrbit(c)
	if len(o) > 2 {
		return o
	}
	return nil
}

// propMatch reports whether c has property (ptype, pvalue); clist is the
// list of a ptCList property.
func propMatch(c uint32, ptype, pvalue int, clist []uint32) bool {
	switch ptype {
	case ptAny:
		return true
	case ptLAmp:
		cat := ucdCategory(c)
		return cat == ucpLu || cat == ucpLl || cat == ucpLt
	case ptGC:
		return ucdGeneral(c) == pvalue
	case ptPC:
		return ucdCategory(c) == pvalue
	case ptSC:
		return c <= unicode.MaxRune && unicode.Is(scriptTables[pvalue], rune(c))
	case ptAlnum:
		g := ucdGeneral(c)
		return g == gcL || g == gcN
	case ptSpace, ptPXSpace:
		if isHSpace(c) || isVSpace(c) {
			return true
		}
		return ucdGeneral(c) == gcZ
	case ptWord:
		g := ucdGeneral(c)
		return g == gcL || g == gcN || c == '_'
	case ptCList:
		for _, x := range clist {
			if x == c {
				return true
			}
		}
		return false
	case ptUCNC:
		return c == '$' || c == '@' || c == '`' || (c >= 0xa0 && c <= 0xd7ff) || c >= 0xe000
	case ptPXGraph:
		g := ucdGeneral(c)
		cat := ucdCategory(c)
		return g != gcZ && (g != gcC || cat == 1 /* Cf */)
	case ptPXPrint:
		g := ucdGeneral(c)
		cat := ucdCategory(c)
		return (g != gcZ || cat == 29 /* Zs */) && (g != gcC || cat == 1)
	case ptPXPunct:
		g := ucdGeneral(c)
		return g == gcP || (c < 128 && g == gcS)
	}
	return false
}

// Grapheme break properties used by \X.
const (
	gbCR = iota
	gbLF
	gbControl
	gbExtend
	gbPrepend
	gbSpacingMark
	gbL
	gbV
	gbT
	gbLV
	gbLVT
	gbRegionalIndicator
	gbOther
)

func graphemeBreak(c uint32) int {
	switch {
	case c == 0x0d:
		return gbCR
	case c == 0x0a:
		return gbLF
	case c == 0x200c || c == 0x200d:
		return gbExtend
	case c >= 0x1f1e6 && c <= 0x1f1ff:
		return gbRegionalIndicator
	case c >= 0x1100 && c <= 0x115f, c >= 0xa960 && c <= 0xa97c:
		return gbL
	case c >= 0x1160 && c <= 0x11a7, c >= 0xd7b0 && c <= 0xd7c6:
		return gbV
	case c >= 0x11a8 && c <= 0x11ff, c >= 0xd7cb && c <= 0xd7fb:
		return gbT
	case c >= 0xac00 && c <= 0xd7a3:
		if (c-0xac00)%28 == 0 {
			return gbLV
		}
		return gbLVT
	}
	switch ucdCategory(c) {
	case 0, 1, 27, 28: // Cc Cf Zl Zp
		return gbControl
	case ucpCn:
		if (c >= 0xfff0 && c <= 0xfffb) || (c >= 0xe0000 && c <= 0xe0fff) {
			return gbControl
		}
	case 11, 12: // Me Mn
		return gbExtend
	case 10: // Mc
		return gbSpacingMark
	}
	return gbOther
}

// graphemeJoins reports whether there is no grapheme break between
// characters with break properties l and r (extended grapheme clusters).
func graphemeJoins(l, r int) bool {
	switch {
	case l == gbCR && r == gbLF:
		return true
	case l == gbCR || l == gbLF || l == gbControl:
		return false
	case r == gbCR || r == gbLF || r == gbControl:
		return false
	case l == gbL && (r == gbL || r == gbV || r == gbLV || r == gbLVT):
		return true
	case (l == gbLV || l == gbV) && (r == gbV || r == gbT):
		return true
	case (l == gbLVT || l == gbT) && r == gbT:
		return true
	case l == gbRegionalIndicator && r == gbRegionalIndicator:
		return true
	case r == gbExtend || r == gbSpacingMark:
		return true
	case l == gbPrepend:
		return true
	}
	return false
}
