package vendorlua

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// debLuaRoot is where Debian's Lua packages install their modules.
const debLuaRoot = "usr/share/lua/5.1"

// unpack replaces e's folder with the archive's content and stamps it.
func (v *Vendor) unpack(ctx context.Context, e Entry, archive string) error {
	dest := v.EntryDir(e)
	tmp := dest + ".partial"
	_ = os.RemoveAll(tmp)
	var err error
	if e.Kind == KindSource {
		err = untarStripped(archive, tmp)
	} else {
		err = v.unpackDeb(ctx, archive, tmp)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	for _, p := range e.Provides {
		if _, err := os.Stat(filepath.Join(tmp, p)); err != nil {
			_ = os.RemoveAll(tmp)
			return fmt.Errorf("archive %s lacks %s/", e.File, p)
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, stampName), []byte(e.Sha256+"\n"), 0o644); err != nil {
		return fmt.Errorf("write stamp: %w", err)
	}
	if err := os.RemoveAll(dest); err != nil {
		return fmt.Errorf("remove old %s: %w", dest, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return fmt.Errorf("move into place: %w", err)
	}
	return nil
}

// untarStripped extracts a .tar.gz dropping the top-level folder, as the
// orig tarballs wrap everything in NAME-VERSION/.
func untarStripped(archive, dest string) error {
	f, err := os.Open(archive)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(archive), err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(archive), err)
		}
		name := filepath.ToSlash(filepath.Clean(h.Name))
		_, rest, ok := strings.Cut(name, "/")
		if !ok || rest == "" {
			continue
		}
		if strings.HasPrefix(rest, "../") || filepath.IsAbs(rest) {
			return fmt.Errorf("%s: unsafe path %q", filepath.Base(archive), h.Name)
		}
		target := filepath.Join(dest, rest)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := writeFile(target, tr, os.FileMode(h.Mode)&0o777|0o600); err != nil {
				return err
			}
		case tar.TypeSymlink:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			if err := os.Symlink(h.Linkname, target); err != nil {
				return err
			}
		}
	}
}

func writeFile(path string, r io.Reader, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// unpackDeb extracts a .deb with dpkg-deb and keeps its Lua modules as lib/.
func (v *Vendor) unpackDeb(ctx context.Context, archive, dest string) error {
	raw := dest + ".deb"
	_ = os.RemoveAll(raw)
	defer os.RemoveAll(raw)
	if out, err := v.run(ctx, v.UpstreamDir(), "dpkg-deb", "-x", archive, raw); err != nil {
		return fmt.Errorf("dpkg-deb -x %s: %w\n%s", filepath.Base(archive), err, tail(out))
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(raw, debLuaRoot), filepath.Join(dest, "lib")); err != nil {
		return fmt.Errorf("%s has no %s: %w", filepath.Base(archive), debLuaRoot, err)
	}
	return nil
}
