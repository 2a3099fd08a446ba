import NixLexer
import NixParser

extension Evaluator {
  func evalBinary(_ e: BinaryOperation, _ env: Env) throws(EvalError) -> Value {
    switch e.op {
    case .equal, .notEqual:
      let a = try evalOperand(e.lhs, env)
      let b = try evalOperand(e.rhs, env)
      let same: Bool
      if case .int(let x) = a, case .int(let y) = b {
        same = x == y
      } else {
        same = try equal(a, b, at: e.operatorSpan)
      }
      return .bool(e.op == .equal ? same : !same)
    case .and:
      if !(try evalBool(e.lhs, env, "in the left operand of '&&'")) {
        return .bool(false)
      }
      return .bool(try evalBool(e.rhs, env, "in the right operand of '&&'"))
    case .or:
      if try evalBool(e.lhs, env, "in the left operand of '||'") {
        return .bool(true)
      }
      return .bool(try evalBool(e.rhs, env, "in the right operand of '||'"))
    case .implication:
      if !(try evalBool(e.lhs, env, "in the left operand of '->'"))
      {
        return .bool(true)
      }
      return .bool(
        try evalBool(e.rhs, env, "in the right operand of '->'"))
    case .update:
      let l = try forceAttrs(try eval(e.lhs, env), at: e.lhs.span, "in the left operand of the update (//) operator")
      let r = try forceAttrs(try eval(e.rhs, env), at: e.rhs.span, "in the right operand of the update (//) operator")
      return .attrs(l.updated(with: r))
    case .concatLists:
      let l = try forceList(try eval(e.lhs, env), at: e.lhs.span, "in the left operand of the list concatenation operator")
      let r = try forceList(try eval(e.rhs, env), at: e.rhs.span, "in the right operand of the list concatenation operator")
      if l.count == 0 { return .list(r) }
      if r.count == 0 { return .list(l) }
      return .list(NixList(l.items + r.items))
    }
  }

  /// `a + b + …` (numbers add, paths and strings concatenate) or an interpolated string or
  /// path.
  func evalConcat(_ e: ConcatStrings, _ env: Env) throws(EvalError) -> Value {
    let parts = e.parts
    if parts.isEmpty { return .string(NixString([])) }
    let first = try evalOperand(parts[0], env)
    // `a + b` on integers, the usual case, without the general loop.
    if parts.count == 2, case .int(let x) = first {
      let second = try evalOperand(parts[1], env)
      if case .int(let y) = second {
        let (r, o) = x.addingReportingOverflow(y)
        if !o { return .int(r) }
      }
      return try concatenate(e, first, second, env)
    }
    return try concatenate(e, first, nil, env)
  }

  /// The general case of ``evalConcat(_:_:)``, given the values of its first part and possibly
  /// its second.
  @inline(never)
  func concatenate(_ e: ConcatStrings, _ first: Value, _ second: Value?, _ env: Env) throws(EvalError) -> Value {
    enum Kind { case int, float, path, string }
    var kind = Kind.string
    var n: Int64 = 0
    var f: Double = 0
    var bytes: [UInt8] = []
    // Only strings with context pay for collecting it.
    var context: StringContext? = nil
    for (index, part) in e.parts.enumerated() {
      let v: Value
      if index == 0 {
        v = first
      } else if index == 1, let second {
        v = second
      } else {
        v = try eval(part, env)
      }
      if index == 0 {
        switch v {
        case .int(let i): kind = .int; n = i; continue
        case .float(let x): kind = .float; f = x; continue
        case .path: kind = e.forceString ? .string : .path
        default: kind = .string
        }
      } else {
        switch kind {
        case .int:
          switch v {
          case .int(let i):
            let (r, o) = n.addingReportingOverflow(i)
            if o { throw EvalError(.other, "integer overflow in adding \(n) + \(i)", at: e.span) }
            n = r
          case .float(let x):
            kind = .float
            f = Double(n) + x
          default:
            throw EvalError(.type, "cannot add \(v.typeDescription) to an integer", at: part.span)
          }
          continue
        case .float:
          switch v {
          case .int(let i): f += Double(i)
          case .float(let x): f += x
          default: throw EvalError(.type, "cannot add \(v.typeDescription) to a float", at: part.span)
          }
          continue
        default: break
        }
      }
      // Parts of a string copy paths to the store; parts of a path do not.
      let s = try coerceToString(
        v, at: part.span, coerceMore: false, copyToStore: kind == .string, "while evaluating a path segment")
      switch s.storage {
      case .plain(let b):
        // Room for a short interpolation after the first part (`"k${toString i}"`).
        if bytes.isEmpty { bytes.reserveCapacity(b.count + 16) }
        bytes.append(contentsOf: b)
      case .contextual(let c):
        bytes.append(contentsOf: c.bytes)
        if context == nil { context = c.context } else { context!.formUnion(c.context) }
      }
    }
    switch kind {
    case .int: return .int(n)
    case .float: return .float(f)
    case .path:
      if context != nil {
        throw EvalError(.other, "a string that refers to a store path cannot be appended to a path", at: e.span)
      }
      return .path(PathUtilities.canonical(String(decoding: bytes, as: UTF8.self)))
    case .string:
      if let context { return .string(NixString(bytes, context: context)) }
      return .string(NixString(bytes))
    }
  }

  // MARK: - Equality and ordering

  /// Nix's `==`: numbers across int and float, lists and sets deeply, functions never equal
  /// (except the very same value inside a list or set), derivations by `outPath`.
  public func equal(_ a: Value, _ b: Value, at span: Span) throws(EvalError) -> Bool {
    let a = try force(a)
    let b = try force(b)
    if stack.exhausted() {
      throw EvalError(.stackOverflow, "stack overflow (possible infinite recursion)", at: span)
    }
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.float(let x), .float(let y)): return x == y
    case (.int(let x), .float(let y)): return Double(x) == y
    case (.float(let x), .int(let y)): return x == Double(y)
    case (.string(let x), .string(let y)): return x.bytes == y.bytes
    case (.path(let x), .path(let y)): return x.string == y.string
    case (.list(let x), .list(let y)):
      if x === y { return true }
      if x.count != y.count { return false }
      for i in 0..<x.count where !(try equalElement(x.items[i], y.items[i], at: span)) { return false }
      return true
    case (.attrs(let x), .attrs(let y)):
      if x === y { return true }
      if let tx = x[names.type], let ty = y[names.type],
        case .string(let sx) = try force(tx), case .string(let sy) = try force(ty),
        sx.bytes == Array("derivation".utf8), sy.bytes == sx.bytes,
        let ox = x[names.outPath], let oy = y[names.outPath]
      {
        return try equal(ox, oy, at: span)
      }
      if x.count != y.count { return false }
      for i in 0..<x.count {
        if x.keys[i] != y.keys[i] { return false }
      }
      for i in 0..<x.count where !(try equalElement(x.values[i], y.values[i], at: span)) { return false }
      return true
    default:
      return false
    }
  }

  /// Equality of two elements of lists or sets: the very same value is equal to itself even
  /// when it is a function, as in Nix.
  func equalElement(_ a: Value, _ b: Value, at span: Span) throws(EvalError) -> Bool {
    if case .thunk(let x) = a, case .thunk(let y) = b, x === y { return true }
    let a = try force(a)
    let b = try force(b)
    switch (a, b) {
    case (.lambda(let x), .lambda(let y)) where x === y: return true
    case (.primop(let x), .primop(let y)) where x === y: return true
    default: return try equal(a, b, at: span)
    }
  }

  /// Nix's `<`: numbers, strings (bytewise), paths, and lists lexicographically.
  public func lessThan(_ a: Value, _ b: Value, at span: Span) throws(EvalError) -> Bool {
    let a = try force(a)
    let b = try force(b)
    if stack.exhausted() {
      throw EvalError(.stackOverflow, "stack overflow (possible infinite recursion)", at: span)
    }
    switch (a, b) {
    case (.int(let x), .int(let y)): return x < y
    case (.float(let x), .float(let y)): return x < y
    case (.int(let x), .float(let y)): return Double(x) < y
    case (.float(let x), .int(let y)): return x < Double(y)
    case (.string(let x), .string(let y)): return x.bytes.lexicographicallyPrecedes(y.bytes)
    case (.path(let x), .path(let y)): return Array(x.string.utf8).lexicographicallyPrecedes(Array(y.string.utf8))
    case (.list(let x), .list(let y)):
      var i = 0
      while i < x.count && i < y.count {
        if !(try equalElement(x.items[i], y.items[i], at: span)) {
          return try lessThan(x.items[i], y.items[i], at: span)
        }
        i += 1
      }
      return x.count < y.count
    default:
      let how: String
      switch (a, b) {
      case (.attrs, .attrs), (.lambda, _), (.primop, _), (.null, .null), (.bool, .bool):
        how = "cannot compare \(a.typeDescription) with \(b.typeDescription); values of that type are incomparable (values are \(describe(a)) and \(describe(b)))"
      default:
        how = "cannot compare \(a.typeDescription) with \(b.typeDescription); values are \(describe(a)) and \(describe(b))"
      }
      throw EvalError(.type, how, at: span)
    }
  }
}
