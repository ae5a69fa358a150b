package main

import (
	"fmt"
	"strings"
)

// paramError is a value the CLI cannot turn into a request parameter: a
// file it cannot read, bad JSON, bad shorthand. It prints as the AWS CLI's
// "Error parsing parameter '--context-entries': ...".
type paramError struct {
	name string // "--context-entries", or "cli-input-json" as the AWS CLI names it
	msg  string
}

func (e *paramError) Error() string {
	return fmt.Sprintf("Error parsing parameter '%s': %s", e.name, e.msg)
}

// buildParams turns the options of a parsed command line into request
// parameters, in the order of c's options (the service model's member
// order), then adds the members of --cli-input-json that the command line
// did not give. noPaginate says whether --max-items is the API's MaxItems.
func buildParams(c *command, p *parsedArgs, noPaginate bool) (*object, error) {
	params := newObject()
	for _, o := range c.options {
		vals, ok := p.values[o.name]
		if !ok {
			continue
		}
		member := o.member
		if o.name == "--max-items" && noPaginate {
			member = "MaxItems"
		}
		if member == "" {
			continue
		}
		v, err := unpack(o, vals)
		if err != nil {
			return nil, err
		}
		params.set(member, v)
	}
	if raw, ok := p.one("--cli-input-json"); ok {
		if err := mergeInputJSON(params, raw); err != nil {
			return nil, err
		}
	}
	return params, nil
}

// loadValue resolves file:// and fileb:// in one option value.
func loadValue(o option, v string) (string, error) {
	data, ok, err := loadParamFile(v)
	if err != nil {
		return "", &paramError{o.name, err.Error()}
	}
	if ok {
		return data, nil
	}
	return v, nil
}

// unpack converts an option's arguments to the parameter value.
func unpack(o option, vals []string) (any, error) {
	// Every argument may be file:// or fileb://. (The AWS CLI resolves
	// these in a list option only when it has a single argument; iamsim
	// resolves each, so several policy files can be given.)
	loaded := make([]string, len(vals))
	for i, v := range vals {
		var err error
		if loaded[i], err = loadValue(o, v); err != nil {
			return nil, err
		}
	}
	switch o.kind {
	case kindString:
		return loaded[0], nil
	case kindInt:
		n, _ := pyInt(loaded[0]) // checked by parseArgs
		return n, nil
	case kindStringList:
		// A single argument that is a JSON list is the whole list.
		if len(loaded) == 1 && strings.HasPrefix(strings.TrimFunc(loaded[0], isPySpace), "[") {
			return unpackJSON(o, loaded[0])
		}
		out := make([]any, len(loaded))
		for i, v := range loaded {
			out[i] = v
		}
		return out, nil
	case kindStructList:
		return unpackStructList(o, loaded)
	}
	return nil, fmt.Errorf("unpack: option %s takes no value", o.name)
}

func unpackJSON(o option, s string) (any, error) {
	v, err := decodeJSON(s)
	if err != nil {
		return nil, &paramError{o.name, fmt.Sprintf("Invalid JSON: %s\nJSON received: %s", err, s)}
	}
	return v, nil
}

// unpackStructList reads --context-entries: JSON (one list, or one object
// per argument) when the first argument starts with "[" or "{", shorthand
// (one entry per argument) otherwise.
func unpackStructList(o option, vals []string) (any, error) {
	first := strings.TrimFunc(vals[0], isPySpace)
	if strings.HasPrefix(first, "[") || strings.HasPrefix(first, "{") {
		if len(vals) == 1 && strings.HasPrefix(first, "[") {
			return unpackJSON(o, vals[0])
		}
		out := make([]any, len(vals))
		for i, v := range vals {
			if !strings.HasPrefix(strings.TrimLeftFunc(v, isPySpace), "{") {
				return nil, &paramError{o.name, "Invalid JSON:\n" + v}
			}
			var err error
			if out[i], err = unpackJSON(o, v); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	out := make([]any, len(vals))
	for i, v := range vals {
		entry, err := parseShorthand(v, loadParamFile)
		if err != nil {
			return nil, &paramError{o.name, err.Error()}
		}
		// "ContextKeyValues=v" is a list of one value.
		if kv, ok := entry.get("ContextKeyValues"); ok {
			if _, isList := kv.([]any); !isList && kv != nil {
				entry.set("ContextKeyValues", []any{kv})
			}
		}
		out[i] = entry
	}
	return out, nil
}

// mergeInputJSON adds the members of the --cli-input-json object to params,
// except those the command line set.
func mergeInputJSON(params *object, raw string) error {
	data, ok, err := loadParamFile(raw)
	if err != nil {
		return &paramError{"cli-input-json", err.Error()}
	}
	if !ok {
		data = raw
	}
	v, err := decodeJSON(data)
	if err != nil {
		return &paramError{"cli-input-json", fmt.Sprintf("Invalid JSON: %s\nJSON received: %s", err, data)}
	}
	in, ok := v.(*object)
	if !ok {
		return &paramError{"cli-input-json", fmt.Sprintf("Invalid JSON: expected an object, got %s\nJSON received: %s",
			strings.Trim(pyTypeName(v), "<>"), data)}
	}
	for _, k := range in.keys {
		if !params.has(k) {
			val, _ := in.get(k)
			params.set(k, val)
		}
	}
	return nil
}
