package regex

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"io"
	"sync"
)

// Unicode property support (\p, \P, \X, caseless matching above ASCII in
// UTF-8 mode) on PCRE 8.39's own character database (ucd_data.go), so that
// properties, scripts and case folding are those of its Unicode version.

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

// Particular categories in PCRE's order (ucp_Cc .. ucp_Zs), with their
// general category.
var ucpCategories = []struct {
	name string
	gen  int
}{
	{"Cc", gcC}, {"Cf", gcC}, {"Cn", gcC}, {"Co", gcC}, {"Cs", gcC}, {"Ll", gcL}, {"Lm", gcL},
	{"Lo", gcL}, {"Lt", gcL}, {"Lu", gcL}, {"Mc", gcM}, {"Me", gcM}, {"Mn", gcM}, {"Nd", gcN},
	{"Nl", gcN}, {"No", gcN}, {"Pc", gcP}, {"Pd", gcP}, {"Pe", gcP}, {"Pf", gcP}, {"Pi", gcP},
	{"Po", gcP}, {"Ps", gcP}, {"Sc", gcS}, {"Sk", gcS}, {"Sm", gcS}, {"So", gcS}, {"Zl", gcZ},
	{"Zp", gcZ}, {"Zs", gcZ},
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

// propNames maps a \p name to its type and value.
var propNames = map[string][2]int{}

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
	for i, name := range ucdScriptNames {
		propNames[name] = [2]int{ptSC, i}
	}
}

// ucdRecord is what the database says of a character.
type ucdRecord struct {
	script, category, gbreak, caseset uint8
	otherCase                         int32
}

// notAChar ends a caseless set.
const notAChar = 0xffffffff

// ucd is the decoded database, loaded on first use: most programs never
// match in UTF-8 mode.
var ucd struct {
	once    sync.Once
	stage1  []uint8
	stage2  []uint16
	records []ucdRecord
	sets    []uint32
}

func loadUCD() {
	raw, err := base64.StdEncoding.DecodeString(ucdBlob)
	if err != nil {
		panic("regex: bad Unicode data: " + err.Error())
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		panic("regex: bad Unicode data: " + err.Error())
	}
	data, err := io.ReadAll(zr)
	if err != nil || len(data) != ucdStage1Len+2*ucdStage2Len+8*ucdRecordsLen+4*ucdSetsLen {
		panic("regex: bad Unicode data")
	}
	ucd.stage1, data = data[:ucdStage1Len], data[ucdStage1Len:]
	ucd.stage2 = make([]uint16, ucdStage2Len)
	for i := range ucd.stage2 {
		ucd.stage2[i] = binary.LittleEndian.Uint16(data[2*i:])
	}
	data = data[2*ucdStage2Len:]
	ucd.records = make([]ucdRecord, ucdRecordsLen)
	for i := range ucd.records {
		r := data[8*i:]
		ucd.records[i] = ucdRecord{r[0], r[1], r[2], r[3], int32(binary.LittleEndian.Uint32(r[4:]))}
	}
	data = data[8*ucdRecordsLen:]
	ucd.sets = make([]uint32, ucdSetsLen)
	for i := range ucd.sets {
		ucd.sets[i] = binary.LittleEndian.Uint32(data[4*i:])
	}
}

// ucdGet returns the record of c (PCRE's GET_UCD).
func ucdGet(c uint32) *ucdRecord {
	ucd.once.Do(loadUCD)
	if c > maxUnicode {
		c = maxUnicode
	}
	return &ucd.records[ucd.stage2[int(ucd.stage1[c/128])*128+int(c%128)]]
}

// maxUnicode is the largest code point.
const maxUnicode = 0x10ffff

// ucdCategory returns the particular category of c.
func ucdCategory(c uint32) int { return int(ucdGet(c).category) }

// ucdGeneral returns the general category of c.
func ucdGeneral(c uint32) int { return ucpCategories[ucdCategory(c)].gen }

// caseSet returns the caseless set of c when it has more than one other
// case (PCRE's UCD_CASESET), else nil.
func caseSet(c uint32) []uint32 {
	i := int(ucdGet(c).caseset)
	if i == 0 {
		return nil
	}
	j := i
	for ucd.sets[j] != notAChar {
		j++
	}
	return ucd.sets[i:j:j]
}

// otherCase returns PCRE's single "other case" of c, or c.
func otherCase(c uint32) uint32 { return uint32(int32(c) + ucdGet(c).otherCase) }

// caseOrbit returns the characters caseless-equal to c (including c),
// sorted, and nil when c has no other case.
func caseOrbit(c uint32) []uint32 {
	if set := caseSet(c); set != nil {
		return set
	}
	o := otherCase(c)
	switch {
	case o == c:
		return nil
	case o < c:
		return []uint32{o, c}
	}
	return []uint32{c, o}
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
		return int(ucdGet(c).script) == pvalue
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

// graphemeBreak returns the grapheme break property of c.
func graphemeBreak(c uint32) int { return int(ucdGet(c).gbreak) }

// graphemeJoins reports whether there is no grapheme break between
// characters with break properties l and r (PCRE's ucp_gbtable: CR LF,
// Hangul syllable sequences, extending characters and spacing marks, after
// Prepend, and pairs of regional indicators).
func graphemeJoins(l, r int) bool {
	switch {
	case l == gbCR:
		return r == gbLF
	case l == gbLF || l == gbControl:
		return false
	case l == gbRegionalIndicator:
		return r == gbRegionalIndicator
	case r == gbExtend || r == gbSpacingMark:
		return true
	case l == gbPrepend:
		return r != gbCR && r != gbLF && r != gbControl && r != gbRegionalIndicator
	case l == gbL:
		return r == gbL || r == gbV || r == gbLV || r == gbLVT
	case l == gbV || l == gbLV:
		return r == gbV || r == gbT
	case l == gbT || l == gbLVT:
		return r == gbT
	}
	return false
}
