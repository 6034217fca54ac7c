package lua51compat

import (
	"reflect"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua keeps the running call frame (function, pc, register base,
// argument count) and the data stack in unexported fields; its Debug API
// exposes neither the pc of a frame nor the registers holding temporaries.
// LuaJIT's error messages need both, so they are read here through
// reflection. Every field is looked up by name and type once; if gopher-lua
// changes its layout, frameLayout.ok is false, the messages stay
// gopher-lua's, and TestFrameLayout fails.

// frameView is what the error rewriter needs of a call frame.
type frameView struct {
	fn *lua.LFunction
	// pc is the index of the next instruction: a Lua frame that raised an
	// error did so in the instruction at pc-1.
	pc int
	// base is the data-stack index of the frame's register 0 (LocalBase).
	base int
	// nargs is the number of arguments a Go function was called with.
	nargs int
	// parent is the calling frame, nil at the bottom of the stack.
	parent unsafe.Pointer
}

// gopherLayout holds the field indices of the gopher-lua structures read here.
type gopherLayout struct {
	ok bool
	// In LState: the current call frame (*callFrame) and data stack (*registry).
	stateFrame, stateReg int
	// In callFrame.
	frameFn, framePc, frameBase, frameNArgs, frameParent int
	frameType                                            reflect.Type
	// In registry: the value slice.
	regArray int
}

var frameLayout = inspectLayout()

// inspectLayout finds the fields by name and checks their types.
func inspectLayout() gopherLayout {
	var lay gopherLayout
	st := reflect.TypeOf(lua.LState{})
	cf, ok := st.FieldByName("currentFrame")
	if !ok || cf.Type.Kind() != reflect.Pointer || cf.Type.Elem().Kind() != reflect.Struct {
		return lay
	}
	rg, ok := st.FieldByName("reg")
	if !ok || rg.Type.Kind() != reflect.Pointer || rg.Type.Elem().Kind() != reflect.Struct {
		return lay
	}
	lay.stateFrame, lay.stateReg = cf.Index[0], rg.Index[0]
	ft := cf.Type.Elem()
	lay.frameType = ft
	intType := reflect.TypeOf(0)
	want := []struct {
		name string
		typ  reflect.Type
		dst  *int
	}{
		{"Fn", reflect.TypeOf((*lua.LFunction)(nil)), &lay.frameFn},
		{"Pc", intType, &lay.framePc},
		{"LocalBase", intType, &lay.frameBase},
		{"NArgs", intType, &lay.frameNArgs},
		{"Parent", cf.Type, &lay.frameParent},
	}
	for _, w := range want {
		f, ok := ft.FieldByName(w.name)
		if !ok || f.Type != w.typ {
			return lay
		}
		*w.dst = f.Index[0]
	}
	rt := rg.Type.Elem()
	arr, ok := rt.FieldByName("array")
	if !ok || arr.Type != reflect.TypeOf([]lua.LValue(nil)) {
		return lay
	}
	lay.regArray = arr.Index[0]
	lay.ok = true
	return lay
}

// currentFrame returns L's running call frame.
func currentFrame(L *lua.LState) (frameView, bool) {
	if !frameLayout.ok || L == nil {
		return frameView{}, false
	}
	p := reflect.ValueOf(L).Elem().Field(frameLayout.stateFrame)
	if p.IsNil() {
		return frameView{}, false
	}
	return readFrame(p.Elem())
}

// parentFrame returns the frame that called f.
func parentFrame(f frameView) (frameView, bool) {
	if f.parent == nil {
		return frameView{}, false
	}
	return readFrame(reflect.NewAt(frameLayout.frameType, f.parent).Elem())
}

// readFrame copies the fields of the callFrame struct value fr.
func readFrame(fr reflect.Value) (frameView, bool) {
	fnv := fr.Field(frameLayout.frameFn)
	if fnv.IsNil() {
		return frameView{}, false
	}
	v := frameView{
		fn:    (*lua.LFunction)(fnv.UnsafePointer()),
		pc:    int(fr.Field(frameLayout.framePc).Int()),
		base:  int(fr.Field(frameLayout.frameBase).Int()),
		nargs: int(fr.Field(frameLayout.frameNArgs).Int()),
	}
	if par := fr.Field(frameLayout.frameParent); !par.IsNil() {
		v.parent = par.UnsafePointer()
	}
	return v, true
}

// stackSlot returns the value at absolute data-stack index i of L. The
// registers of a Lua frame may lie above the stack's top (the VM reads
// them directly), so only the slice bounds limit i.
func stackSlot(L *lua.LState, i int) (lua.LValue, bool) {
	if !frameLayout.ok || i < 0 {
		return nil, false
	}
	rp := reflect.ValueOf(L).Elem().Field(frameLayout.stateReg)
	if rp.IsNil() {
		return nil, false
	}
	f := rp.Elem().Field(frameLayout.regArray)
	arr := *(*[]lua.LValue)(unsafe.Pointer(f.UnsafeAddr()))
	if i >= len(arr) || arr[i] == nil {
		return nil, false
	}
	return arr[i], true
}
