// Command buildkitd-config puts BuildKit's own configuration code into chartgen's test suite.
//
// It is built against github.com/moby/buildkit at the version chartgen deploys (go.mod pins it)
// and answers two questions:
//
//	buildkitd-config check FILE...   how buildkitd would take each buildkitd.toml (JSON)
//	buildkitd-config structure       BuildKit's configuration structure (JSON)
//
// `check` loads each file with BuildKit's loader (cmd/buildkitd/config.Load, the call buildkitd
// makes at start), then decodes it again with unknown keys disallowed to list what BuildKit
// silently ignores, applies the checks buildkitd's main() and its OCI worker make on the loaded
// values before they serve (cmd/buildkitd/main.go, main_oci_worker.go), and lists the keys it
// sets, resolved to BuildKit's field names the way go-toml matches them, with those BuildKit
// marks deprecated.
//
// `structure` walks config.Config by reflection, as go-toml/v2 does when it decodes: TOML key
// names, Go types, nesting, and which types decode from text. chartgen ships that dump as data
// (chartgen/buildkit/structure.json); a test fails when the two drift apart.
//
// Which fields are deprecated is written only in BuildKit's source, as "Deprecated:" doc
// comments, so the build records where that source is: -ldflags "-X main.buildkitSource=DIR"
// (build.sh does it).
package main

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"time"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/cmd/buildkitd/config"
	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/sirupsen/logrus"
)

const buildkitModule = "github.com/moby/buildkit"

// buildkitSource is the directory of the BuildKit module this binary was built against.
var buildkitSource string

// Problem is one thing BuildKit says about a file, at a 1-based line and column when known.
type Problem struct {
	Key     string `json:"key,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// KeyUse is one key the document sets, with the path BuildKit's decoder files it under.
type KeyUse struct {
	Key        string   `json:"key"`        // as written, dotted
	Field      []string `json:"field"`      // BuildKit's TOML names ("" past a free-form map)
	Resolved   bool     `json:"resolved"`   // false: BuildKit has no such field
	Deprecated bool     `json:"deprecated"` // the field's doc comment says "Deprecated:"
	Line       int      `json:"line"`
	Column     int      `json:"column"`
}

// Result is what `check` reports for one file.
type Result struct {
	File       string    `json:"file"`
	Loaded     bool      `json:"loaded"`              // config.Load accepted the file
	LoadError  *Problem  `json:"loadError,omitempty"` // why it did not
	Unknown    []Problem `json:"unknown"`             // keys BuildKit ignores
	Refused    []Problem `json:"refused"`             // values buildkitd refuses at start
	Deprecated []Problem `json:"deprecated"`          // keys BuildKit marks deprecated
	Keys       []KeyUse  `json:"keys"`                // every key set, resolved
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: buildkitd-config check FILE... | structure | version")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "check":
		err = runCheck(os.Args[2:])
	case "structure":
		err = runStructure()
	case "version":
		fmt.Println(buildkitVersion())
	default:
		fmt.Fprintf(os.Stderr, "unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "buildkitd-config:", err)
		os.Exit(3)
	}
}

func buildkitVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range info.Deps {
		if dep.Path == buildkitModule {
			return dep.Version
		}
	}
	return "unknown"
}

func moduleVersion(path string) string {
	info, ok := debug.ReadBuildInfo()
	if ok {
		for _, dep := range info.Deps {
			if dep.Path == path {
				return dep.Version
			}
		}
	}
	return "unknown"
}

// -- check ----------------------------------------------------------------------------------

func runCheck(files []string) error {
	deprecated, err := deprecatedFields()
	if err != nil {
		return err
	}
	results := make([]Result, 0, len(files))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		results = append(results, check(name, data, deprecated))
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	return out.Encode(results)
}

func check(name string, data []byte, deprecated map[fieldRef]bool) Result {
	result := Result{File: name, Unknown: []Problem{}, Refused: []Problem{}, Deprecated: []Problem{}, Keys: []KeyUse{}}

	// What buildkitd does at start: config.LoadFile → config.Load.
	cfg, err := config.Load(strings.NewReader(string(data)))
	if err != nil {
		result.LoadError = problemOf(err)
		return result
	}
	result.Loaded = true

	// The same decode with unknown keys disallowed: what BuildKit ignores.
	var strict config.Config
	err = toml.NewDecoder(strings.NewReader(string(data))).DisallowUnknownFields().Decode(&strict)
	var missing *toml.StrictMissingError
	if errors.As(err, &missing) {
		for _, e := range missing.Errors {
			line, column := e.Position()
			result.Unknown = append(result.Unknown, Problem{
				Key: strings.Join(e.Key(), "."), Line: line, Column: column,
				Message: "unknown key; BuildKit ignores it",
			})
		}
	} else if err != nil {
		result.LoadError = problemOf(err)
		result.Loaded = false
		return result
	}

	result.Keys = keyUses(data, deprecated)
	for _, use := range result.Keys {
		if use.Deprecated {
			result.Deprecated = append(result.Deprecated, Problem{
				Key: use.Key, Line: use.Line, Column: use.Column,
				Message: "deprecated key",
			})
		}
	}
	result.Refused = refused(cfg)
	return result
}

func problemOf(err error) *Problem {
	p := &Problem{Message: err.Error()}
	var decodeErr *toml.DecodeError
	if errors.As(err, &decodeErr) {
		p.Line, p.Column = decodeErr.Position()
	}
	return p
}

// refused applies the checks buildkitd makes on the loaded configuration before it serves, in
// the order main() and the OCI worker make them. Each mirrors the BuildKit code named beside it
// and calls the same library function where BuildKit does; checks that need the running
// system (files, sockets, users) are left out.
func refused(cfg config.Config) []Problem {
	out := []Problem{}
	add := func(key, format string, args ...any) {
		out = append(out, Problem{Key: key, Message: fmt.Sprintf(format, args...)})
	}
	// main.go: the log format and level.
	switch cfg.Log.Format {
	case "json", "text", "":
	default:
		add("log.format", "unsupported log type %q", cfg.Log.Format)
	}
	if cfg.Log.Level != "" {
		if _, err := logrus.ParseLevel(cfg.Log.Level); err != nil {
			add("log.level", "unsupported log level: %v", err)
		}
	}
	// main.go: [system] maxRegistryConcurrency.
	if sc := cfg.System; sc != nil && sc.MaxRegistryConcurrency != nil && *sc.MaxRegistryConcurrency <= 0 {
		add("system.maxRegistryConcurrency", "maxRegistryConcurrency must be greater than zero; set to %d in the configuration file", *sc.MaxRegistryConcurrency)
	}
	// debug.go setupDebugHandlers → getListener: the address must name a listener buildkitd
	// can open (without opening it here).
	if addr := cfg.GRPC.DebugAddress; addr != "" {
		if msg := listenerProblem(addr); msg != "" {
			add("grpc.debugAddress", "%s", msg)
		}
	}
	// main.go serverCredentials: a certificate needs its key and the other way round.
	if (cfg.GRPC.TLS.Cert == "") != (cfg.GRPC.TLS.Key == "") {
		add("grpc.tls", "you must specify key and cert file if one is specified")
	}
	oci := cfg.Workers.OCI
	if oci.Enabled == nil || *oci.Enabled {
		// main_oci_worker.go ociWorkerInitializer and snapshotterFactory.
		if strings.Count(oci.UserRemapUnsupported, ":") > 1 {
			add("worker.oci.userRemapUnsupported", "invalid userns remap specification in %q", oci.UserRemapUnsupported)
		}
		if oci.ProxySnapshotterPath == "" {
			switch oci.Snapshotter {
			case "", "auto", "native", "overlayfs", "fuse-overlayfs", "stargz":
			default:
				add("worker.oci.snapshotter", "unknown snapshotter name: %q", oci.Snapshotter)
			}
		}
		if oci.NoProcessSandbox && !oci.Rootless {
			add("worker.oci.noProcessSandbox", "can't enable NoProcessSandbox without Rootless")
		}
		switch oci.NetworkConfig.Mode {
		case "", "auto", "host", "cni", "bridge":
		default:
			add("worker.oci.networkMode", "invalid network mode: %q", oci.NetworkConfig.Mode)
		}
		for _, p := range oci.Platforms {
			if _, err := platforms.Parse(p); err != nil {
				add("worker.oci.platforms", "invalid platforms: %v", err)
			}
		}
	}
	return out
}

// listenerProblem mirrors getListener's parsing of an address (main.go): a proto it knows,
// and for TCP an address net.Listen accepts.
func listenerProblem(addr string) string {
	if !strings.Contains(addr, "://") {
		addr = "tcp://" + addr
	}
	proto, listen, _ := strings.Cut(addr, "://")
	switch proto {
	case "unix", "fd":
		return ""
	case "tcp":
		_, port, err := net.SplitHostPort(listen)
		if err != nil {
			return err.Error()
		}
		if _, err := net.LookupPort("tcp", port); err != nil {
			return err.Error()
		}
		return ""
	default:
		// npipe listeners exist only on Windows.
		return fmt.Sprintf("addr %s not supported", addr)
	}
}

// -- keys, resolved the way go-toml/v2 decodes them ---------------------------------------------

type fieldRef struct {
	Type  string // reflect.Type.String() of the declaring struct
	Field string // Go field name
}

// keyUses lists every key the document sets (table headers included), resolved against
// config.Config. go-toml/v2 matches a struct field by its exact TOML name, else by the key
// lower-cased (strings.ToLower), over the fields of embedded structs as well
// (unmarshaler.go structFieldPath / forEachField); map keys are matched exactly.
func keyUses(data []byte, deprecated map[fieldRef]bool) []KeyUse {
	var p unstable.Parser
	p.Reset(data)
	var uses []KeyUse
	var table []string
	root := reflect.TypeOf(config.Config{})
	record := func(path []string, node *unstable.Node) {
		shape := p.Shape(node.Raw)
		field, resolved, isDeprecated := resolve(root, path, deprecated)
		uses = append(uses, KeyUse{
			Key: strings.Join(path, "."), Field: field, Resolved: resolved,
			Deprecated: isDeprecated, Line: shape.Start.Line, Column: shape.Start.Column,
		})
	}
	var keyValue func(prefix []string, expr *unstable.Node)
	var value func(path []string, v *unstable.Node)
	value = func(path []string, v *unstable.Node) {
		switch v.Kind {
		case unstable.InlineTable:
			it := v.Children()
			for it.Next() {
				keyValue(path, it.Node())
			}
		case unstable.Array:
			it := v.Children()
			for it.Next() {
				value(path, it.Node())
			}
		}
	}
	keyValue = func(prefix []string, expr *unstable.Node) {
		path := append([]string{}, prefix...)
		it := expr.Key()
		var first *unstable.Node
		for it.Next() {
			if first == nil {
				first = it.Node()
			}
			path = append(path, string(it.Node().Data))
		}
		record(path, first)
		value(path, expr.Value())
	}
	for p.NextExpression() {
		expr := p.Expression()
		switch expr.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = table[:0]
			it := expr.Key()
			var first *unstable.Node
			for it.Next() {
				if first == nil {
					first = it.Node()
				}
				table = append(table, string(it.Node().Data))
			}
			record(append([]string{}, table...), first)
		case unstable.KeyValue:
			keyValue(table, expr)
		}
	}
	return uses
}

type flatField struct {
	name   string
	field  reflect.StructField
	parent reflect.Type
}

// flatFields lists the fields go-toml/v2 can fill in t, in its order (forEachField).
func flatFields(t reflect.Type) []flatField {
	var out []flatField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.Anonymous && f.PkgPath != "" {
			continue
		}
		name := f.Tag.Get("toml")
		if name == "-" {
			continue
		}
		if i := strings.IndexByte(name, ','); i >= 0 {
			name = name[:i]
		}
		if f.Anonymous && name == "" {
			t2 := f.Type
			if t2.Kind() == reflect.Ptr {
				t2 = t2.Elem()
			}
			if t2.Kind() == reflect.Struct {
				out = append(out, flatFields(t2)...)
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, flatField{name: name, field: f, parent: t})
	}
	return out
}

func lookupField(t reflect.Type, key string) (flatField, bool) {
	paths := map[string]flatField{}
	for _, f := range flatFields(t) {
		paths[f.name] = f
		paths[strings.ToLower(f.name)] = f
	}
	if f, ok := paths[key]; ok {
		return f, true
	}
	f, ok := paths[strings.ToLower(key)]
	return f, ok
}

func resolve(t reflect.Type, path []string, deprecated map[fieldRef]bool) ([]string, bool, bool) {
	out := make([]string, 0, len(path))
	isDeprecated := false
	for _, key := range path {
		for t.Kind() == reflect.Ptr || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			f, ok := lookupField(t, key)
			if !ok {
				return append(out, key), false, false
			}
			out = append(out, f.name)
			isDeprecated = deprecated[fieldRef{f.parent.String(), f.field.Name}]
			t = f.field.Type
		case reflect.Map:
			out = append(out, key)
			isDeprecated = false
			t = t.Elem()
		case reflect.Interface:
			// A free-form value: BuildKit keeps whatever is below as it is.
			out = append(out, key)
			isDeprecated = false
		default:
			return append(out, key), false, false
		}
	}
	return out, true, isDeprecated
}

// deprecatedFields reads BuildKit's source for fields whose documentation says "Deprecated:".
func deprecatedFields() (map[fieldRef]bool, error) {
	if buildkitSource == "" {
		return nil, errors.New("built without -ldflags -X main.buildkitSource=DIR (use build.sh)")
	}
	out := map[fieldRef]bool{}
	seen := map[string]bool{}
	var walk func(t reflect.Type) error
	walk = func(t reflect.Type) error {
		for t.Kind() == reflect.Ptr || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t.String()] {
			return nil
		}
		seen[t.String()] = true
		if t.Name() != "" && strings.HasPrefix(t.PkgPath(), buildkitModule+"/") {
			dir := filepath.Join(buildkitSource, strings.TrimPrefix(t.PkgPath(), buildkitModule+"/"))
			fields, err := deprecatedIn(dir, t.Name())
			if err != nil {
				return err
			}
			for _, name := range fields {
				out[fieldRef{t.String(), name}] = true
			}
		}
		for i := 0; i < t.NumField(); i++ {
			if err := walk(t.Field(i).Type); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(reflect.TypeOf(config.Config{}))
}

func deprecatedIn(dir, typeName string) ([]string, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("BuildKit source not found (rebuild with build.sh): %w", err)
	}
	var out []string
	for _, entry := range entries {
		name := entry.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			spec, ok := n.(*ast.TypeSpec)
			if !ok || spec.Name.Name != typeName {
				return true
			}
			st, ok := spec.Type.(*ast.StructType)
			if !ok {
				return false
			}
			for _, field := range st.Fields.List {
				if !strings.Contains(field.Doc.Text()+field.Comment.Text(), "Deprecated:") {
					continue
				}
				for _, ident := range field.Names {
					out = append(out, ident.Name)
				}
			}
			return false
		})
	}
	return out, nil
}

// -- structure ------------------------------------------------------------------------------

// TypeInfo describes a Go type as go-toml/v2 decodes into it.
type TypeInfo struct {
	Kind string    `json:"kind"`           // bool, string, int, int64, float64, slice, map, pointer, interface, struct, ...
	Elem *TypeInfo `json:"elem,omitempty"` // slice, array, map, pointer
	Key  *TypeInfo `json:"key,omitempty"`  // map
	Ref  string    `json:"ref,omitempty"`  // struct: its entry in Structure.Types
	// Text names a type whose pointer implements encoding.TextUnmarshaler: go-toml hands it the
	// text of any scalar (a string's content, or the literal as written).
	Text string `json:"text,omitempty"`
}

// FieldInfo is one key of a struct, after embedded structs are flattened.
type FieldInfo struct {
	Name       string   `json:"name"`   // the TOML key
	GoName     string   `json:"goName"` // the Go field
	Type       TypeInfo `json:"type"`
	Deprecated bool     `json:"deprecated,omitempty"`
}

// Structure is BuildKit's configuration as data.
type Structure struct {
	Buildkit string                 `json:"buildkit"`
	GoToml   string                 `json:"goToml"`
	Root     string                 `json:"root"`
	Types    map[string][]FieldInfo `json:"types"`
}

var textUnmarshaler = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
var timeType = reflect.TypeOf(time.Time{})

func runStructure() error {
	deprecated, err := deprecatedFields()
	if err != nil {
		return err
	}
	s := Structure{
		Buildkit: buildkitVersion(),
		GoToml:   moduleVersion("github.com/pelletier/go-toml/v2"),
		Types:    map[string][]FieldInfo{},
	}
	root := reflect.TypeOf(config.Config{})
	s.Root = describe(root, "", s.Types, deprecated).Ref
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	out.SetEscapeHTML(false)
	return out.Encode(s)
}

func describe(t reflect.Type, anonymousName string, types map[string][]FieldInfo, deprecated map[fieldRef]bool) TypeInfo {
	info := TypeInfo{Kind: t.Kind().String()}
	if t != timeType && reflect.PointerTo(t).Implements(textUnmarshaler) {
		info.Text = t.String()
	}
	switch t.Kind() {
	case reflect.Ptr:
		info.Kind = "pointer"
		elem := describe(t.Elem(), anonymousName, types, deprecated)
		info.Elem = &elem
	case reflect.Slice, reflect.Array:
		elem := describe(t.Elem(), anonymousName, types, deprecated)
		info.Elem = &elem
	case reflect.Map:
		key := describe(t.Key(), "", types, deprecated)
		elem := describe(t.Elem(), anonymousName, types, deprecated)
		info.Key, info.Elem = &key, &elem
	case reflect.Struct:
		name := t.String()
		if t.Name() == "" {
			name = anonymousName
		}
		info.Ref = name
		if _, done := types[name]; done {
			return info
		}
		types[name] = nil // placeholder against cycles
		fields := []FieldInfo{}
		for _, f := range flatFields(t) {
			fields = append(fields, FieldInfo{
				Name:       f.name,
				GoName:     f.field.Name,
				Type:       describe(f.field.Type, name+"."+f.name, types, deprecated),
				Deprecated: deprecated[fieldRef{f.parent.String(), f.field.Name}],
			})
		}
		types[name] = fields
	}
	return info
}
