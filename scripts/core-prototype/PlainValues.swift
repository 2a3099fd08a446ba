#if canImport(Glibc)
import Glibc
#endif

// The evaluator of the plain-value prototypes: a value is two words (a tag and 64 bits) that copy
// without reference counting, and scopes, closures, thunks, sets and lists are records from
// `alloc(_:)`, which each variant's Heap.swift defines (plain: a bump arena never freed; traced:
// nixinv's traced heap), with `makeRoot()` for the outermost scope. Same workloads, same laziness
// and the same eager `n - 1` as nixinv. See run.

struct Value { var tag: UInt64; var bits: UInt64 }  // tag 0 int, 1 bool, 2 closure, 3 thunk, 4 set, 5 list
let tInt: UInt64 = 0, tBool: UInt64 = 1, tClosure: UInt64 = 2, tThunk: UInt64 = 3, tAttrs: UInt64 = 4, tList: UInt64 = 5

// Env: [parent: ptr][count][slots: Value...]
@inline(__always) func makeEnv(_ parent: UnsafeMutableRawPointer?, _ v: Value) -> UnsafeMutableRawPointer {
  let p = alloc(16 + 16)
  p.storeBytes(of: parent, as: UnsafeMutableRawPointer?.self)
  p.storeBytes(of: 1, toByteOffset: 8, as: Int.self)
  (p + 16).storeBytes(of: v, as: Value.self)
  return p
}
@inline(__always) func slot(_ env: UnsafeMutableRawPointer, _ level: Int32, _ s: Int32) -> UnsafeMutablePointer<Value> {
  var e = env; var l = level
  while l > 0 { e = e.load(as: UnsafeMutableRawPointer.self); l -= 1 }
  return (e + 16 + Int(s) * 16).assumingMemoryBound(to: Value.self)
}
// Closure: [node][env]. Thunk: [state][node][env][value(16)]
@inline(__always) func closure(_ n: Node, _ env: UnsafeMutableRawPointer) -> Value {
  let p = alloc(16)
  p.storeBytes(of: UnsafeMutableRawPointer(bitPattern: Int(n.i) + 1)!, as: UnsafeMutableRawPointer.self)
  (p + 8).storeBytes(of: env, as: UnsafeMutableRawPointer.self)
  return Value(tag: tClosure, bits: UInt64(UInt(bitPattern: p)))
}
@inline(__always) func thunk(_ n: Node, _ env: UnsafeMutableRawPointer) -> Value {
  let p = alloc(40)
  p.storeBytes(of: 0, as: Int.self)
  (p + 8).storeBytes(of: UnsafeMutableRawPointer(bitPattern: Int(n.i) + 1)!, as: UnsafeMutableRawPointer.self)
  (p + 16).storeBytes(of: env, as: UnsafeMutableRawPointer.self)
  return Value(tag: tThunk, bits: UInt64(UInt(bitPattern: p)))
}
// Set: [count][(symbol, value) × count], sorted by symbol.
@inline(__always) func makeAttrs(_ n: Node, _ env: UnsafeMutableRawPointer) throws(EvalError) -> Value {
  let count = n.entryCount
  let p = alloc(8 + 24 * count)
  p.storeBytes(of: count, as: Int.self)
  var i = 0
  while i < count {
    let e = entries[n.entryStart + i]
    let q = p + 8 + 24 * i
    q.storeBytes(of: Int(e.symbol), as: Int.self)
    (q + 8).storeBytes(of: try delay(Node(i: e.value), env), as: Value.self)
    i += 1
  }
  return Value(tag: tAttrs, bits: UInt64(UInt(bitPattern: p)))
}
/// `a // b`: the two sorted entry arrays merged, `b`'s entry winning a name both have.
func update(_ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer) -> Value {
  let ca = a.load(as: Int.self), cb = b.load(as: Int.self)
  if cb == 0 { return Value(tag: tAttrs, bits: UInt64(UInt(bitPattern: a))) }
  if ca == 0 { return Value(tag: tAttrs, bits: UInt64(UInt(bitPattern: b))) }
  let p = alloc(8 + 24 * (ca + cb))
  var i = 0, j = 0, k = 0
  while i < ca || j < cb {
    let ea = a + 8 + 24 * i, eb = b + 8 + 24 * j
    let from: UnsafeMutableRawPointer
    if j == cb || (i < ca && ea.load(as: Int.self) < eb.load(as: Int.self)) {
      from = ea; i += 1
    } else {
      if i < ca && ea.load(as: Int.self) == eb.load(as: Int.self) { i += 1 }
      from = eb; j += 1
    }
    (p + 8 + 24 * k).copyMemory(from: from, byteCount: 24)
    k += 1
  }
  p.storeBytes(of: k, as: Int.self)
  return Value(tag: tAttrs, bits: UInt64(UInt(bitPattern: p)))
}
@inline(__always) func isFlat(_ n: Node) -> Bool {
  for i in 0..<n.entryCount where nodes[Int(entries[n.entryStart + i].value)].kind == .attrs { return false }
  return true
}
// An application thunk (made by genList and map): [state 3][function (16)][argument (16)]; once
// computed, state 2 and the value at +24 as for any thunk.
@inline(__always) func application(_ f: Value, _ a: Value) -> Value {
  let p = alloc(40)
  p.storeBytes(of: 3, as: Int.self)
  (p + 8).storeBytes(of: f, as: Value.self)
  (p + 24).storeBytes(of: a, as: Value.self)
  return Value(tag: tThunk, bits: UInt64(UInt(bitPattern: p)))
}
// List: [count][values × count].
@inline(__always) func makeList(_ count: Int) -> UnsafeMutableRawPointer {
  let p = alloc(8 + 16 * count)
  p.storeBytes(of: count, as: Int.self)
  return p
}
struct EvalError: Error { let message: String }
var depth = 0

@inline(__always) func force(_ v: Value) throws(EvalError) -> Value {
  if v.tag != tThunk { return v }
  return try forceThunk(UnsafeMutableRawPointer(bitPattern: UInt(v.bits))!)
}
@inline(never) func forceThunk(_ p: UnsafeMutableRawPointer) throws(EvalError) -> Value {
  let state = p.load(as: Int.self)
  if state == 2 { return (p + 24).load(as: Value.self) }
  if state == 1 { throw EvalError(message: "infinite recursion") }
  if state == 3 {
    let f = (p + 8).load(as: Value.self), a = (p + 24).load(as: Value.self)
    p.storeBytes(of: 1, as: Int.self)
    let v: Value
    do { v = try force(try call(try force(f), a)) } catch { p.storeBytes(of: 3, as: Int.self); throw error }
    p.storeBytes(of: 2, as: Int.self)
    (p + 24).storeBytes(of: v, as: Value.self)
    return v
  }
  p.storeBytes(of: 1, as: Int.self)
  let n = Node(i: Int32(Int(bitPattern: (p + 8).load(as: UnsafeRawPointer.self)) - 1))
  let env = (p + 16).load(as: UnsafeMutableRawPointer.self)
  depth += 1
  if depth > 1_000_000 { throw EvalError(message: "stack overflow") }
  let v: Value
  do { v = try eval(n, env) } catch { p.storeBytes(of: 0, as: Int.self); depth -= 1; throw error }
  depth -= 1
  p.storeBytes(of: 2, as: Int.self)
  (p + 24).storeBytes(of: v, as: Value.self)
  return v
}
@inline(__always) func delay(_ n: Node, _ env: UnsafeMutableRawPointer) throws(EvalError) -> Value {
  switch n.kind {
  case .int: return Value(tag: tInt, bits: UInt64(bitPattern: n.int))
  case .local: return slot(env, n.level, n.slot).pointee
  case .sub, .add:
    // eager arithmetic on computed operands, as nixinv does
    let l = operandNow(n.a, env), r = operandNow(n.b, env)
    if let l, let r { return Value(tag: tInt, bits: UInt64(bitPattern: n.kind == .sub ? l &- r : l &+ r)) }
    return thunk(n, env)
  case .attrs where isFlat(n): return try makeAttrs(n, env)
  default: return thunk(n, env)
  }
}
@inline(__always) func operandNow(_ n: Node, _ env: UnsafeMutableRawPointer) -> Int64? {
  switch n.kind {
  case .int: return n.int
  case .local:
    let v = slot(env, n.level, n.slot).pointee
    if v.tag == tInt { return Int64(bitPattern: v.bits) }
    if v.tag == tThunk {
      let p = UnsafeMutableRawPointer(bitPattern: UInt(v.bits))!
      if p.load(as: Int.self) == 2 { let w = (p + 24).load(as: Value.self); if w.tag == tInt { return Int64(bitPattern: w.bits) } }
    }
    return nil
  default: return nil
  }
}
var callDepth = 0
func call(_ f: Value, _ arg: Value) throws(EvalError) -> Value {
  guard f.tag == tClosure else { throw EvalError(message: "not a function") }
  let p = UnsafeMutableRawPointer(bitPattern: UInt(f.bits))!
  let lam = Node(i: Int32(Int(bitPattern: p.load(as: UnsafeRawPointer.self)) - 1))
  let cenv = (p + 8).load(as: UnsafeMutableRawPointer.self)
  let env = makeEnv(cenv, arg)
  callDepth += 1
  defer { callDepth -= 1 }
  if callDepth > 10_000 { throw EvalError(message: "max-call-depth") }
  return try eval(lam.a, env)
}
@inline(__always) func int(_ v: Value) throws(EvalError) -> Int64 {
  guard v.tag == tInt else { throw EvalError(message: "not an int") }
  return Int64(bitPattern: v.bits)
}
func eval(_ n: Node, _ env: UnsafeMutableRawPointer) throws(EvalError) -> Value {
  switch n.kind {
  case .int: return Value(tag: tInt, bits: UInt64(bitPattern: n.int))
  case .local:
    let s = slot(env, n.level, n.slot)
    let v = try force(s.pointee)
    s.pointee = v
    return v
  case .lambda: return closure(n, env)
  case .call1:
    let f = try eval(n.a, env)
    return try call(f, try delay(n.b, env))
  case .call2:
    let f = try eval(n.a, env)
    let g = try call(f, try delay(n.b, env))
    return try call(g, try delay(n.c, env))
  case .ifte:
    let c = try eval(n.a, env)
    guard c.tag == tBool else { throw EvalError(message: "not a bool") }
    return try eval(c.bits != 0 ? n.b : n.c, env)
  case .add:
    let (r, o) = try int(eval(n.a, env)).addingReportingOverflow(try int(eval(n.b, env)))
    if o { throw EvalError(message: "overflow") }
    return Value(tag: tInt, bits: UInt64(bitPattern: r))
  case .sub:
    let (r, o) = try int(eval(n.a, env)).subtractingReportingOverflow(try int(eval(n.b, env)))
    if o { throw EvalError(message: "overflow") }
    return Value(tag: tInt, bits: UInt64(bitPattern: r))
  case .attrs: return try makeAttrs(n, env)
  case .select:
    let v = try eval(n.a, env)
    guard v.tag == tAttrs else { throw EvalError(message: "not a set") }
    let p = UnsafeMutableRawPointer(bitPattern: UInt(v.bits))!
    let count = p.load(as: Int.self)
    var i = 0
    while i < count {
      let q = p + 8 + 24 * i
      if q.load(as: Int.self) == Int(n.slot) { return try force((q + 8).load(as: Value.self)) }
      i += 1
    }
    throw EvalError(message: "attribute missing")
  case .genList:
    let f = try eval(n.a, env)
    let count = Int(try int(eval(n.b, env)))
    let list = makeList(count)
    for i in 0..<count { (list + 8 + 16 * i).storeBytes(of: application(f, Value(tag: tInt, bits: UInt64(i))), as: Value.self) }
    return Value(tag: tList, bits: UInt64(UInt(bitPattern: list)))
  case .map:
    let f = try eval(n.a, env)
    let l = try eval(n.b, env)
    guard l.tag == tList else { throw EvalError(message: "not a list") }
    let from = UnsafeMutableRawPointer(bitPattern: UInt(l.bits))!
    let count = from.load(as: Int.self)
    let list = makeList(count)
    for i in 0..<count {
      (list + 8 + 16 * i).storeBytes(of: application(f, (from + 8 + 16 * i).load(as: Value.self)), as: Value.self)
    }
    return Value(tag: tList, bits: UInt64(UInt(bitPattern: list)))
  case .foldl:
    let op = try eval(n.a, env)
    var acc = try delay(n.b, env)
    let l = try eval(n.c, env)
    guard l.tag == tList else { throw EvalError(message: "not a list") }
    let list = UnsafeMutableRawPointer(bitPattern: UInt(l.bits))!
    let count = list.load(as: Int.self)
    for i in 0..<count { acc = try force(try call(try call(op, acc), (list + 8 + 16 * i).load(as: Value.self))) }
    return try force(acc)
  case .update:
    let a = try eval(n.a, env), b = try eval(n.b, env)
    guard a.tag == tAttrs, b.tag == tAttrs else { throw EvalError(message: "not a set") }
    return update(UnsafeMutableRawPointer(bitPattern: UInt(a.bits))!, UnsafeMutableRawPointer(bitPattern: UInt(b.bits))!)
  case .lt: return Value(tag: tBool, bits: try int(eval(n.a, env)) < int(eval(n.b, env)) ? 1 : 0)
  case .eq: return Value(tag: tBool, bits: try int(eval(n.a, env)) == int(eval(n.b, env)) ? 1 : 0)
  }
}

let which = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "fib"
/// The workload's argument (fib 25, ack 2 300, sets and update 22 unless given).
let argument = CommandLine.arguments.count > 2 ? Int64(CommandLine.arguments[2]) : nil
// The outermost scope: two slots (the sets workloads' `let`).
let root = makeRoot()
root.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
root.storeBytes(of: 2, toByteOffset: 8, as: Int.self)
do throws(EvalError) {
  guard which != "startup" else { exit(0) }
  if which == "lists" {
    let e = listsExpression(argument ?? 10_000)
    seal()
    print(Int64(bitPattern: try eval(e, root).bits))
    exit(0)
  }
  if which == "sets" || which == "update" {
    let (mk, f) = which == "sets" ? setsLambdas() : updateLambdas()
    seal()
    (root + 16).storeBytes(of: closure(mk, root), as: Value.self)
    (root + 32).storeBytes(of: closure(f, root), as: Value.self)
    print(Int64(bitPattern: try call(slot(root, 0, 1).pointee, Value(tag: tInt, bits: UInt64(argument ?? 22))).bits))
    exit(0)
  }
  let lambda = which == "fib" ? fibLambda() : ackLambda()
  seal()
  (root + 16).storeBytes(of: closure(lambda, root), as: Value.self)
  let f = slot(root, 0, 0).pointee
  let result = which == "fib"
    ? try call(f, Value(tag: tInt, bits: UInt64(argument ?? 25)))
    : try call(try call(f, Value(tag: tInt, bits: 2)), Value(tag: tInt, bits: UInt64(argument ?? 300)))
  print(Int64(bitPattern: result.bits))
} catch { print(error.message) }
