#if canImport(Glibc)
import Glibc
#endif

// Feasibility prototype, counted values: the same evaluator as ../PlainValues.swift with values as nixinv
// has them (an enum whose cases hold Swift classes for scopes, closures and thunks, freed by
// reference counting). The tree is flat here too, so the difference is the value model. See ../run.
/// A scope of one slot (a lambda's argument) or two (the sets workload's `let`).
final class Env {
  let parent: Env?
  var slot: Value
  var second: Value = .int(0)
  init(_ p: Env?, _ v: Value) { parent = p; slot = v }
  @inline(__always) subscript(i: Int32) -> Value {
    get { i == 0 ? slot : second }
    set { if i == 0 { slot = newValue } else { second = newValue } }
  }
}
final class Closure { let node: Node; let env: Env; init(_ n: Node, _ e: Env) { node = n; env = e } }
final class Thunk {
  enum State { case pending(Node, Env), application(Value, Value), running, done(Value) }
  var state: State
  init(_ n: Node, _ e: Env) { state = .pending(n, e) }
  init(apply f: Value, to a: Value) { state = .application(f, a) }
}
/// A list's elements.
final class NixList {
  let items: [Value]
  init(_ items: [Value]) { self.items = items }
}
/// A set: names sorted by symbol, and their values.
final class Attrs {
  let symbols: [Int32]
  let values: [Value]
  init(_ symbols: [Int32], _ values: [Value]) { self.symbols = symbols; self.values = values }
}
enum Value { case int(Int64), bool(Bool), closure(Closure), thunk(Thunk), attrs(Attrs), list(NixList) }
struct EvalError: Error { let message: String }
@inline(__always) func makeAttrs(_ n: Node, _ env: Env) throws(EvalError) -> Value {
  var symbols: [Int32] = []
  var values: [Value] = []
  symbols.reserveCapacity(n.entryCount)
  values.reserveCapacity(n.entryCount)
  for i in 0..<n.entryCount {
    let e = entries[n.entryStart + i]
    symbols.append(e.symbol)
    values.append(try delay(Node(i: e.value), env))
  }
  return .attrs(Attrs(symbols, values))
}
/// `a // b`: the two sorted entry arrays merged, `b`'s entry winning a name both have.
func update(_ a: Attrs, _ b: Attrs) -> Attrs {
  if b.symbols.isEmpty { return a }
  if a.symbols.isEmpty { return b }
  var symbols: [Int32] = [], values: [Value] = []
  symbols.reserveCapacity(a.symbols.count + b.symbols.count)
  values.reserveCapacity(a.symbols.count + b.symbols.count)
  var i = 0, j = 0
  while i < a.symbols.count || j < b.symbols.count {
    if j == b.symbols.count || (i < a.symbols.count && a.symbols[i] < b.symbols[j]) {
      symbols.append(a.symbols[i]); values.append(a.values[i]); i += 1
    } else {
      if i < a.symbols.count && a.symbols[i] == b.symbols[j] { i += 1 }
      symbols.append(b.symbols[j]); values.append(b.values[j]); j += 1
    }
  }
  return Attrs(symbols, values)
}
@inline(__always) func isFlat(_ n: Node) -> Bool {
  for i in 0..<n.entryCount where nodes[Int(entries[n.entryStart + i].value)].kind == .attrs { return false }
  return true
}
var depth = 0
var callDepth = 0

@inline(__always) func slot(_ env: Env, _ level: Int32) -> Env {
  var e = env; var l = level
  while l > 0 { e = e.parent!; l -= 1 }
  return e
}
@inline(__always) func force(_ v: Value) throws(EvalError) -> Value {
  guard case .thunk(let t) = v else { return v }
  if case .done(let w) = t.state { return w }
  return try forceThunk(t)
}
@inline(never) func forceThunk(_ t: Thunk) throws(EvalError) -> Value {
  switch t.state {
  case .done(let w): return w
  case .running: throw EvalError(message: "infinite recursion")
  case .application(let f, let a):
    t.state = .running
    let v: Value
    do { v = try force(try call(try force(f), a)) } catch { t.state = .application(f, a); throw error }
    t.state = .done(v)
    return v
  case .pending(let n, let env):
    t.state = .running
    depth += 1
    if depth > 1_000_000 { throw EvalError(message: "stack overflow") }
    let v: Value
    do { v = try eval(n, env) } catch { t.state = .pending(n, env); depth -= 1; throw error }
    depth -= 1
    t.state = .done(v)
    return v
  }
}
@inline(__always) func operandNow(_ n: Node, _ env: Env) -> Int64? {
  switch n.kind {
  case .int: return n.int
  case .local:
    switch slot(env, n.level)[n.slot] {
    case .int(let i): return i
    case .thunk(let t): if case .done(.int(let i)) = t.state { return i }; return nil
    default: return nil
    }
  default: return nil
  }
}
@inline(__always) func delay(_ n: Node, _ env: Env) throws(EvalError) -> Value {
  switch n.kind {
  case .int: return .int(n.int)
  case .local: return slot(env, n.level)[n.slot]
  case .sub, .add:
    if let l = operandNow(n.a, env), let r = operandNow(n.b, env) { return .int(n.kind == .sub ? l &- r : l &+ r) }
    return .thunk(Thunk(n, env))
  case .attrs where isFlat(n): return try makeAttrs(n, env)
  default: return .thunk(Thunk(n, env))
  }
}
func call(_ f: Value, _ arg: Value) throws(EvalError) -> Value {
  guard case .closure(let c) = f else { throw EvalError(message: "not a function") }
  let env = Env(c.env, arg)
  callDepth += 1
  defer { callDepth -= 1 }
  if callDepth > 10_000 { throw EvalError(message: "max-call-depth") }
  return try eval(c.node.a, env)
}
@inline(__always) func int(_ v: Value) throws(EvalError) -> Int64 {
  guard case .int(let i) = v else { throw EvalError(message: "not an int") }
  return i
}
func eval(_ n: Node, _ env: Env) throws(EvalError) -> Value {
  switch n.kind {
  case .int: return .int(n.int)
  case .local:
    let e = slot(env, n.level)
    let v = try force(e[n.slot])
    e[n.slot] = v
    return v
  case .lambda: return .closure(Closure(n, env))
  case .call1:
    let f = try eval(n.a, env)
    return try call(f, try delay(n.b, env))
  case .call2:
    let f = try eval(n.a, env)
    let g = try call(f, try delay(n.b, env))
    return try call(g, try delay(n.c, env))
  case .ifte:
    guard case .bool(let c) = try eval(n.a, env) else { throw EvalError(message: "not a bool") }
    return try eval(c ? n.b : n.c, env)
  case .add:
    let (r, o) = try int(eval(n.a, env)).addingReportingOverflow(try int(eval(n.b, env)))
    if o { throw EvalError(message: "overflow") }
    return .int(r)
  case .sub:
    let (r, o) = try int(eval(n.a, env)).subtractingReportingOverflow(try int(eval(n.b, env)))
    if o { throw EvalError(message: "overflow") }
    return .int(r)
  case .attrs: return try makeAttrs(n, env)
  case .select:
    guard case .attrs(let set) = try eval(n.a, env) else { throw EvalError(message: "not a set") }
    guard let i = set.symbols.firstIndex(of: n.slot) else { throw EvalError(message: "attribute missing") }
    return try force(set.values[i])
  case .genList:
    let f = try eval(n.a, env)
    let count = Int(try int(eval(n.b, env)))
    var items: [Value] = []
    items.reserveCapacity(count)
    for i in 0..<count { items.append(.thunk(Thunk(apply: f, to: .int(Int64(i))))) }
    return .list(NixList(items))
  case .map:
    let f = try eval(n.a, env)
    guard case .list(let l) = try eval(n.b, env) else { throw EvalError(message: "not a list") }
    var items: [Value] = []
    items.reserveCapacity(l.items.count)
    for x in l.items { items.append(.thunk(Thunk(apply: f, to: x))) }
    return .list(NixList(items))
  case .foldl:
    let op = try eval(n.a, env)
    var acc = try delay(n.b, env)
    guard case .list(let l) = try eval(n.c, env) else { throw EvalError(message: "not a list") }
    for x in l.items { acc = try force(try call(try call(op, acc), x)) }
    return try force(acc)
  case .update:
    guard case .attrs(let a) = try eval(n.a, env), case .attrs(let b) = try eval(n.b, env) else {
      throw EvalError(message: "not a set")
    }
    return .attrs(update(a, b))
  case .lt: return .bool(try int(eval(n.a, env)) < int(eval(n.b, env)))
  case .eq: return .bool(try int(eval(n.a, env)) == int(eval(n.b, env)))
  }
}

let which = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "fib"
/// The workload's argument (fib 25, ack 2 300, sets and update 22 unless given).
let argument = CommandLine.arguments.count > 2 ? Int64(CommandLine.arguments[2]) : nil
do throws(EvalError) {
  guard which != "startup" else { exit(0) }
  if which == "lists" {
    let e = listsExpression(argument ?? 10_000)
    seal()
    if case .int(let i) = try eval(e, Env(nil, .int(0))) { print(i) }
    exit(0)
  }
  if which == "sets" || which == "update" {
    let (mk, f) = which == "sets" ? setsLambdas() : updateLambdas()
    seal()
    let root = Env(nil, .int(0))
    root.slot = .closure(Closure(mk, root))
    root.second = .closure(Closure(f, root))
    if case .int(let i) = try call(root.second, .int(argument ?? 22)) { print(i) }
    exit(0)
  }
  let root = Env(nil, .int(0))
  let lambda = which == "fib" ? fibLambda() : ackLambda()
  seal()
  root.slot = .closure(Closure(lambda, root))
  let result = which == "fib"
    ? try call(root.slot, .int(argument ?? 25))
    : try call(try call(root.slot, .int(2)), .int(argument ?? 300))
  if case .int(let i) = result { print(i) }
} catch { print(error.message) }
