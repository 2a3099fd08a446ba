import NixLexer
import NixParser

extension CoreEvaluator {
  func registerStrings() {
    define("toString", 1) { ev, a, _, _, span throws(CoreError) in try ev.coerceToString(a, span) }
    define("stringLength", 1) { ev, a, _, _, span throws(CoreError) in
      let v = try ev.force(a)
      if v.tag == .string { return .int(Int64(StringRecord(v).count)) }
      var bytes: [UInt8] = []
      var context: [String] = []
      try ev.appendCoerced(v, to: &bytes, context: &context, interpolation: false, at: span)
      return .int(Int64(bytes.count))
    }
    define("substring", 3) { ev, s, l, a, span throws(CoreError) in
      let start = try ev.forceInt(s, span, "while evaluating the first argument (the start offset) passed to builtins.substring")
      let length = try ev.forceInt(l, span, "while evaluating the second argument (the substring length) passed to builtins.substring")
      guard start >= 0 else { throw CoreError(.other, "negative start position in substring", at: span) }
      let v = try ev.coerceToString(a, span)
      let r = StringRecord(v)
      let from = min(Int(start), r.count)
      let end = length < 0 ? r.count : min(r.count, from + Int(min(length, Int64(r.count))))
      if from == 0 && end == r.count { return v }
      let out = ev.makeString(count: end - from, context: r.context)
      for i in from..<end { out.mutableBytes[i - from] = StringRecord(v).bytes[i] }
      return Value(.string, record: out.base)
    }
    define("concatStringsSep", 2) { ev, s, a, _, span throws(CoreError) in
      let sep = try ev.forceStringValue(s, span, "while evaluating the first argument (the separator string) passed to builtins.concatStringsSep")
      let list = try ev.forceList(a, span, "while evaluating the second argument (the list of strings to concat) passed to builtins.concatStringsSep")
      var bytes: [UInt8] = []
      var context: [String] = []
      let sr = StringRecord(sep)
      if sr.context != 0 { context.append(contentsOf: ev.contexts[sr.context - 1]) }
      for i in 0..<list.count {
        if i > 0 { bytes.append(contentsOf: StringRecord(sep).bytes) }
        try ev.appendCoerced(list[i], to: &bytes, context: &context, interpolation: false, at: span)
      }
      return ev.string(bytes, context: ev.contextIndex(context))
    }
    define("replaceStrings", 3) { ev, f, t, a, span throws(CoreError) in
      let from = try ev.forceList(f, span, "while evaluating the first argument passed to builtins.replaceStrings")
      let to = try ev.forceList(t, span, "while evaluating the second argument passed to builtins.replaceStrings")
      guard from.count == to.count else {
        throw CoreError(.other, "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths", at: span)
      }
      var patterns: [[UInt8]] = []
      for i in 0..<from.count {
        patterns.append(Array(StringRecord(try ev.forceStringValue(from[i], span, "while evaluating one of the strings to replace passed to builtins.replaceStrings")).bytes))
      }
      var replacements: [[UInt8]?] = Array(repeating: nil, count: to.count)
      var context: [String] = []
      // A replacement is forced when used (current Nix; tvix forced all).
      let subject = try ev.forceStringValue(a, span, "while evaluating the third argument passed to builtins.replaceStrings")
      let input = Array(StringRecord(subject).bytes)
      if StringRecord(subject).context != 0 { context.append(contentsOf: ev.contexts[StringRecord(subject).context - 1]) }
      var out: [UInt8] = []
      var i = 0
      while i <= input.count {
        var matched = false
        for (k, p) in patterns.enumerated() {
          if i + p.count <= input.count && input[i..<i + p.count].elementsEqual(p) {
            if replacements[k] == nil {
              let r = try ev.forceStringValue(to[k], span, "while evaluating one of the replacement strings passed to builtins.replaceStrings")
              replacements[k] = Array(StringRecord(r).bytes)
              if StringRecord(r).context != 0 { context.append(contentsOf: ev.contexts[StringRecord(r).context - 1]) }
            }
            out.append(contentsOf: replacements[k]!)
            if p.isEmpty {
              if i < input.count { out.append(input[i]) }
              i += 1
            } else {
              i += p.count
            }
            matched = true
            break
          }
        }
        if !matched {
          if i < input.count { out.append(input[i]) }
          i += 1
        }
      }
      return ev.string(out, context: ev.contextIndex(context))
    }
    define("baseNameOf", 1) { ev, a, _, _, span throws(CoreError) in
      let v = try ev.force(a)
      var bytes: [UInt8] = []
      var context: [String] = []
      try ev.appendCoerced(v, to: &bytes, context: &context, interpolation: false, at: span)
      var end = bytes.count
      if end > 0 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
      var start = end
      while start > 0 && bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
      return ev.string(bytes[start..<end], context: ev.contextIndex(context))
    }
    define("dirOf", 1) { ev, a, _, _, span throws(CoreError) in
      let v = try ev.force(a)
      var bytes: [UInt8] = []
      var context: [String] = []
      try ev.appendCoerced(v, to: &bytes, context: &context, interpolation: false, at: span)
      guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else {
        return ev.string(Array(".".utf8), tag: v.tag == .path ? .path : .string)
      }
      let dir = slash == 0 ? Array("/".utf8) : Array(bytes[..<slash])
      return ev.string(dir, context: ev.contextIndex(context), tag: v.tag == .path ? .path : .string)
    }
    define("toJSON", 1) { ev, a, _, _, span throws(CoreError) in
      var out: [UInt8] = []
      var context: [String] = []
      try ev.writeJSON(a, to: &out, context: &context, at: span)
      return ev.string(out, context: ev.contextIndex(context))
    }
    define("hasContext", 1) { ev, a, _, _, span throws(CoreError) in
      .bool(StringRecord(try ev.forceStringValue(a, span, "while evaluating the argument passed to builtins.hasContext")).context != 0)
    }
    define("unsafeDiscardStringContext", 1) { ev, a, _, _, span throws(CoreError) in
      let v = try ev.forceStringValue(a, span, "while evaluating the argument passed to builtins.unsafeDiscardStringContext")
      if StringRecord(v).context == 0 { return v }
      return ev.string(StringRecord(v).bytes)
    }
  }
}
