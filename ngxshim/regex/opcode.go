package regex

// opcode is one instruction of a compiled pattern. The set and its order
// follow PCRE's opcodes, because several decisions (auto-possessification,
// "could be empty", first character) are defined on them and some are
// range tests on the order.
type opcode uint8

const (
	opEnd opcode = iota

	opSOD             // \A
	opSOM             // \G
	opSetSOM          // \K
	opNotWordBoundary // \B
	opWordBoundary    // \b

	// Single-character types; these can carry a repeat.
	opNotDigit
	opDigit
	opNotWhitespace
	opWhitespace
	opNotWordchar
	opWordchar
	opAny     // . without DOTALL
	opAllAny  // . with DOTALL, \C outside UTF-8 mode
	opAnyByte // \C in UTF-8 mode
	opNotProp
	opProp
	opAnyNL // \R
	opNotHSpace
	opHSpace
	opNotVSpace
	opVSpace
	opExtUni // \X

	opEODN  // \Z
	opEOD   // \z
	opDoll  // $
	opDollM // $ in multiline mode
	opCirc  // ^
	opCircM // ^ in multiline mode

	opChar
	opCharI
	opNot
	opNotI
	opClass // CLASS, NCLASS and XCLASS: see charClass
	opRef
	opRefI
	opDNRef
	opDNRefI

	opRecurse
	opCallout

	opAlt
	opKet
	opKetRMax
	opKetRMin
	opKetRPos

	opReverse

	opAssert
	opAssertNot
	opAssertBack
	opAssertBackNot

	opOnce
	opOnceNC
	opBra
	opBraPos
	opCBra
	opCBraPos
	opCond

	// The "S" forms: an unlimited repeat of a group that can match empty.
	opSBra
	opSBraPos
	opSCBra
	opSCBraPos
	opSCond

	opCRef
	opDNCRef
	opRRef
	opDNRRef
	opDef

	opBraZero
	opBraMinZero
	opBraPosZero

	opMark
	opPrune
	opPruneArg
	opSkip
	opSkipArg
	opThen
	opThenArg
	opCommit

	opFail
	opAccept
	opAssertAccept
	opClose

	opSkipZero
)

// repMode says whether and how a single-character item is repeated.
type repMode uint8

const (
	repNone   repMode = iota // matches exactly once
	repGreedy                // maximizing
	repLazy                  // minimizing
	repPoss                  // possessive
)

// Unlimited is the repeat maximum meaning "no limit".
const unlimited = -1

// rrefAny is the recursion number for (?(R) without a group.
const rrefAny = 0xffff

// inst is one item of the compiled program.
type inst struct {
	op  opcode
	rep repMode
	// min and max are the repeat counts of a repeated item (max unlimited
	// is -1); a non-repeated item has 1, 1.
	min, max int32
	// link is, for a bracket or ALT, the distance to the next ALT or KET of
	// the group; for a KET, the distance back to the bracket.
	link int32
	// n is the group number of capturing brackets, CLOSE, CREF, RREF and REF,
	// the target group of RECURSE (0 = whole pattern), the character count
	// of REVERSE, the name-table index of DN* items.
	n int32
	// n2 is the count of a DN* item's names.
	n2 int32
	// target is the resolved program index of a RECURSE's group.
	target int32
	// c and oc are the character and its other case (CHAR, NOT and their I
	// forms); for PROP and NOTPROP, c is the property type and oc its value.
	c, oc uint32
	cls   *charClass
	// clist is the case set of a PROP of type ptCList.
	clist []uint32
	// arg is the name of a (*MARK:name) and the like.
	arg string
}

func (in *inst) repeated() bool { return in.rep != repNone }

// isGroupStart reports whether op opens a group ended by a KET.
func isGroupStart(op opcode) bool {
	return op >= opAssert && op <= opSCond
}

func isCapturing(op opcode) bool {
	return op == opCBra || op == opSCBra || op == opCBraPos || op == opSCBraPos
}

func isKet(op opcode) bool { return op >= opKet && op <= opKetRPos }

// sForm reports whether op is a bracket that may match an empty string
// inside an unlimited repeat.
func sForm(op opcode) bool { return op >= opSBra && op <= opSCond }

// groupEnd returns the index of the KET closing the group opened at pc.
func groupEnd(prog []inst, pc int) int {
	for {
		pc += int(prog[pc].link)
		if prog[pc].op != opAlt {
			return pc
		}
	}
}

// afterGroup returns the index after the KET of the group opened at pc.
func afterGroup(prog []inst, pc int) int { return groupEnd(prog, pc) + 1 }
