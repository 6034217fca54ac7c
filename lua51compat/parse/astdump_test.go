package parse

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/yuin/gopher-lua/ast"
)

// dumpAST renders an AST with every node's type, line and last line, in a
// form where two parsers' trees can be compared: numbers by the value
// gopher-lua's compiler would load, nil and empty slices alike.
func dumpAST(stmts []ast.Stmt) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(stmts), 0)
	return b.String()
}

func dumpValue(b *strings.Builder, v reflect.Value, depth int) {
	indent := strings.Repeat("  ", depth)
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString(indent + "nil\n")
			return
		}
		dumpValue(b, v.Elem(), depth)
	case reflect.Ptr:
		if v.IsNil() {
			b.WriteString(indent + "nil\n")
			return
		}
		node := v.Interface()
		head := indent + v.Elem().Type().Name()
		if ph, ok := node.(ast.PositionHolder); ok {
			head += fmt.Sprintf(" @%d-%d", ph.Line(), ph.LastLine())
		}
		if num, ok := node.(*ast.NumberExpr); ok {
			b.WriteString(head + " " + numberKey(num.Value) + "\n")
			return
		}
		b.WriteString(head + "\n")
		dumpStruct(b, v.Elem(), depth+1)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			dumpValue(b, v.Index(i), depth)
		}
	case reflect.String:
		b.WriteString(indent + strconv.Quote(v.String()) + "\n")
	default:
		b.WriteString(fmt.Sprintf("%s%v\n", indent, v.Interface()))
	}
}

func dumpStruct(b *strings.Builder, v reflect.Value, depth int) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		b.WriteString(strings.Repeat("  ", depth) + f.Name + ":\n")
		dumpValue(b, v.Field(i), depth+1)
	}
}

// numberKey is the value gopher-lua's parseNumber gives a number literal.
func numberKey(s string) string {
	s = strings.Trim(s, " \t\n")
	if v, err := strconv.ParseInt(s, 0, 64); err == nil {
		return strconv.FormatFloat(float64(v), 'g', -1, 64)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		v = math.NaN()
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
