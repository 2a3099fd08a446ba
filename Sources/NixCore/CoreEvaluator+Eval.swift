import NixLexer
import NixParser

extension CoreEvaluator {
  /// Evaluates `node` in `env` to weak head normal form (never a thunk).
  func eval(_ n: Int32, _ env: UnsafeMutableRawPointer) throws(CoreError) -> Value {
    let node = program.nodes[n]
    switch node.op {
    case .int: return .int(node.int)
    case .float: return Value(.float, UInt64(bitPattern: node.int))
    case .string: return Value(.string, UInt64(bitPattern: node.int))
    case .path: return Value(.path, UInt64(bitPattern: node.int))
    case .local:
      let s = slot(env, node.a, node.b)
      let v = s.pointee
      if v.tag != .thunk { return v }
      let forced = try force(v)
      s.pointee = forced
      return forced
    case .dynamic: return try force(try lookupDynamic(node, env))
    case .currentPosition: return position(node.span)
    case .select: return try evalSelect(node, env)
    case .hasAttr: return try evalHasAttr(node, env)
    case .attrs: return try evalAttrs(node, env)
    case .list:
      let count = Int(node.b)
      if count == 0 { return emptyList }
      let list = makeList(count)
      for i in 0..<count { list[i] = delay(program.operands[Int(node.a) + i], env) }
      return Value(.list, record: list.base)
    case .lambda: return closure(node.a, env)
    case .call: return try evalCall(node, env)
    case .letIn:
      let inner = try bindRecursive(program.sets[node.a], env)
      return try eval(node.b, inner)
    case .with:
      let inner = makeEnv(env, 1, isWith: true)
      EnvRecord(inner).slots[0] = delay(node.a, env)
      return try eval(node.b, inner)
    case .ifThenElse:
      let c = try evalBool(node.a, env, "while evaluating a branch condition")
      return try eval(c ? node.b : node.c, env)
    case .assertion:
      guard try evalBool(node.a, env, "while evaluating the condition of the assertion") else {
        throw CoreError(.assertion, "assertion failed", at: node.span)
      }
      return try eval(node.b, env)
    case .not: return .bool(!(try evalBool(node.a, env, "in the argument of the not operator")))
    case .and:
      guard try evalBool(node.a, env, "in the left operand of the AND (&&) operator") else { return .false }
      return .bool(try evalBool(node.b, env, "in the right operand of the AND (&&) operator"))
    case .or:
      if try evalBool(node.a, env, "in the left operand of the OR (||) operator") { return .true }
      return .bool(try evalBool(node.b, env, "in the right operand of the OR (||) operator"))
    case .implication:
      guard try evalBool(node.a, env, "in the left operand of the IMPL (->) operator") else { return .true }
      return .bool(try evalBool(node.b, env, "in the right operand of the IMPL (->) operator"))
    case .equal: return .bool(try equal(try evalInline(node.a, env), try evalInline(node.b, env), at: node.span))
    case .notEqual: return .bool(!(try equal(try evalInline(node.a, env), try evalInline(node.b, env), at: node.span)))
    case .update:
      let a = try evalInline(node.a, env), b = try evalInline(node.b, env)
      guard a.tag == .attrs else { throw typeError(a, "a set", at: node.span, "in the left operand of the update (//) operator") }
      guard b.tag == .attrs else { throw typeError(b, "a set", at: node.span, "in the right operand of the update (//) operator") }
      return update(a, b)
    case .concatLists:
      let a = try eval(node.a, env), b = try eval(node.b, env)
      guard a.tag == .list else { throw typeError(a, "a list", at: node.span, "in the left operand of the list concatenation (++) operator") }
      guard b.tag == .list else { throw typeError(b, "a list", at: node.span, "in the right operand of the list concatenation (++) operator") }
      return concatTwoLists(a, b)
    case .concat:
      if node.flag == 0 && node.b == 2 {
        let l = try evalInline(program.operands[node.a], env)
        if l.tag == .int {
          let r = try evalInline(program.operands[node.a + 1], env)
          if r.tag == .int {
            let (v, o) = l.asInt.addingReportingOverflow(r.asInt)
            if !o { return .int(v) }
          }
          return try add(l, r, at: node.span)
        }
        return try evalConcat(node, env, first: l)
      }
      return try evalConcat(node, env)
    case .arithmetic:
      let l = try evalInline(node.a, env), r = try evalInline(node.b, env)
      if l.tag == .int && r.tag == .int, let v = intArithmetic(node.flag, l.asInt, r.asInt) { return v }
      return try slowArithmetic(ArithmeticOp(rawValue: node.flag)!, l, r, at: node.span)
    }
  }

  /// An ``Op/arithmetic`` operation on values other than two integers (or one that overflows).
  func slowArithmetic(_ op: ArithmeticOp, _ l: Value, _ r: Value, at span: Span) throws(CoreError) -> Value {
    let name = ["sub", "mul", "div", "lessThan"][Int(op.rawValue)]
    let index = primopIndex[name]!
    return try primops[index].body(self, l, r, .null, span)
  }

  /// ``eval(_:_:)`` with its commonest cases done in line: a variable whose value is computed,
  /// and an integer literal (operands, callees and conditions are mostly these).
  @inline(__always) func evalInline(_ n: Int32, _ env: UnsafeMutableRawPointer) throws(CoreError) -> Value {
    let node = program.nodes[n]
    if node.op == .local {
      let v = slot(env, node.a, node.b).pointee
      if v.tag != .thunk { return v }
      if ThunkRecord.state(v.record) == ThunkRecord.done { return ThunkRecord.value(v.record) }
    } else if node.op == .int {
      return .int(node.int)
    }
    return try eval(n, env)
  }

  /// `node` in `env` as a lazy value: literals, lambdas and variables directly, a thunk otherwise.
  @inline(__always) func delay(_ n: Int32, _ env: UnsafeMutableRawPointer) -> Value {
    let node = program.nodes[n]
    switch node.op {
    case .int: return .int(node.int)
    case .float: return Value(.float, UInt64(bitPattern: node.int))
    case .string: return Value(.string, UInt64(bitPattern: node.int))
    case .path: return Value(.path, UInt64(bitPattern: node.int))
    case .local: return slot(env, node.a, node.b).pointee
    case .lambda: return closure(node.a, env)
    case .arithmetic:
      // `n - 1` of a computed integer is computed now: it cannot fail or loop.
      if let l = integerNow(node.a, env), let r = integerNow(node.b, env), let v = intArithmetic(node.flag, l, r) { return v }
      return thunk(n, env)
    default: return thunk(n, env)
    }
  }

  /// An operand's integer if it is one already: a literal, or a variable holding one.
  @inline(__always) func integerNow(_ n: Int32, _ env: UnsafeMutableRawPointer) -> Int64? {
    let node = program.nodes[n]
    if node.op == .int { return node.int }
    guard node.op == .local else { return nil }
    let v = slot(env, node.a, node.b).pointee
    if v.tag == .int { return v.asInt }
    if v.tag == .thunk, ThunkRecord.state(v.record) == ThunkRecord.done {
      let w = ThunkRecord.value(v.record)
      if w.tag == .int { return w.asInt }
    }
    return nil
  }

  /// An ``Op/arithmetic`` operation on two integers, or nil when it must go the slow way
  /// (overflow, division).
  @inline(__always) func intArithmetic(_ op: UInt8, _ l: Int64, _ r: Int64) -> Value? {
    switch op {
    case ArithmeticOp.sub.rawValue:
      let (v, o) = l.subtractingReportingOverflow(r)
      return o ? nil : .int(v)
    case ArithmeticOp.mul.rawValue:
      let (v, o) = l.multipliedReportingOverflow(by: r)
      return o ? nil : .int(v)
    case ArithmeticOp.lessThan.rawValue: return .bool(l < r)
    default: return nil
    }
  }

  /// ``delay(_:_:)`` for a scope whose slots are still being filled (a `let`, `rec { }` or a
  /// pattern's defaults): a variable of that scope itself becomes a thunk, since its slot may
  /// not hold its value yet.
  @inline(__always) func delayInFilling(_ n: Int32, _ env: UnsafeMutableRawPointer) -> Value {
    let node = program.nodes[n]
    if node.op == .local && node.a == 0 { return thunk(n, env) }
    return delay(n, env)
  }

  /// Evaluates `n` to a Boolean.
  @inline(__always) func evalBool(_ n: Int32, _ env: UnsafeMutableRawPointer, _ context: String) throws(CoreError) -> Bool {
    let v = try evalInline(n, env)
    guard v.tag == .bool else { throw typeError(v, "a Boolean", at: program.nodes[n].span, context) }
    return v.asBool
  }

  /// "expected X but found Y" with a "while" line.
  func typeError(_ v: Value, _ expected: String, at span: Span, _ context: String? = nil) -> CoreError {
    let e = CoreError(.type, "expected \(expected) but found \(v.typeDescription): \(errorText(v))", at: span)
    if let context { return e.adding(context, at: span) }
    return e
  }

  /// A value as an error message shows it (nothing forced; short).
  func errorText(_ v: Value) -> String {
    switch v.tag {
    case .null: return "null"
    case .bool: return v.asBool ? "true" : "false"
    case .int: return String(v.asInt)
    case .float: return NixSyntax.formatFloat(v.asFloat)
    case .string: return "\"" + StringRecord(v).text + "\""
    case .path: return StringRecord(v).text
    case .list: return "[ … ]"
    case .attrs: return "{ … }"
    case .lambda, .primop, .partial: return "«lambda»"
    case .thunk: return "«thunk»"
    }
  }

  /// `__curPos`: `{ file, line, column }`.
  func position(_ span: Span) -> Value {
    guard span != .noPosition, let file = sources.file(span.file) else { return .null }
    let location = file.location(of: span.start)
    let entries: [(UInt32, Value)] = [
      (names.column, .int(Int64(location.column))), (names.file, string(file.name)), (names.line, .int(Int64(location.line))),
    ].sorted { $0.0 < $1.0 }
    let a = makeAttrs(3)
    for (i, e) in entries.enumerated() { a.set(i, symbol: e.0, position: -1, value: e.1) }
    return Value(.attrs, record: a.base)
  }

  // MARK: - Variables from `with`

  /// A variable no lexical scope binds: the innermost `with` scope that has it.
  func lookupDynamic(_ node: Node, _ env: UnsafeMutableRawPointer) throws(CoreError) -> Value {
    let symbol = UInt32(bitPattern: node.b)
    if node.a >= 0 {
      var e: UnsafeMutableRawPointer? = env
      var level = node.a
      while level > 0, let current = e {
        e = EnvRecord(current).parent
        level -= 1
      }
      while let current = e {
        let record = EnvRecord(current)
        if record.isWith {
          let scope = try force(record.slots[0])
          guard scope.tag == .attrs else { throw typeError(scope, "a set", at: node.span, "while evaluating the first subexpression of a with expression") }
          record.slots[0] = scope
          let a = AttrsRecord(scope)
          if let i = a.find(symbol) { return a.value(i) }
        }
        e = record.parent
      }
    }
    throw CoreError(.undefinedVariable, "undefined variable '\(symbols[Symbol(id: symbol)])'", at: node.span)
  }

  // MARK: - Lists

  func concatTwoLists(_ a: Value, _ b: Value) -> Value {
    let la = ListRecord(a), lb = ListRecord(b)
    if la.count == 0 { return b }
    if lb.count == 0 { return a }
    let out = makeList(la.count + lb.count)
    for i in 0..<la.count { out[i] = la[i] }
    for i in 0..<lb.count { out[la.count + i] = lb[i] }
    return Value(.list, record: out.base)
  }
}
