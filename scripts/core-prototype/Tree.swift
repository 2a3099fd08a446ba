// The syntax tree both prototypes walk: a flat array of node records addressed by index, so
// that walking it costs no reference counting (a tree of class nodes costs a retain and a release
// per child visited). Built by hand for the two workloads: no parser.

enum Kind: UInt8 { case int, local, lambda, call1, call2, ifte, add, sub, lt, eq, attrs, select, update, genList, map, foldl }

struct NodeData {
  var kind: Kind
  var level: Int32 = 0
  var slot: Int32 = 0
  var int: Int64 = 0
  var a: Int32 = 0, b: Int32 = 0, c: Int32 = 0
}

var nodeStore: [NodeData] = []
/// The sealed tree (``seal()``), read without bounds checks or reference counting.
nonisolated(unsafe) var nodes = UnsafeMutablePointer<NodeData>.allocate(capacity: 1)

/// A node: its index in ``nodes``.
struct Node {
  let i: Int32
  var kind: Kind { nodes[Int(i)].kind }
  var int: Int64 { nodes[Int(i)].int }
  var level: Int32 { nodes[Int(i)].level }
  var slot: Int32 { nodes[Int(i)].slot }
  var a: Node { Node(i: nodes[Int(i)].a) }
  var b: Node { Node(i: nodes[Int(i)].b) }
  var c: Node { Node(i: nodes[Int(i)].c) }
  init(i: Int32) { self.i = i }
  init(_ kind: Kind, _ int: Int64 = 0, level: Int32 = 0, slot: Int32 = 0) {
    nodeStore.append(NodeData(kind: kind, level: level, slot: slot, int: int))
    i = Int32(nodeStore.count - 1)
  }
  init(_ kind: Kind, _ a: Node, _ b: Node? = nil, _ c: Node? = nil) {
    nodeStore.append(NodeData(kind: kind, a: a.i, b: b?.i ?? 0, c: c?.i ?? 0))
    i = Int32(nodeStore.count - 1)
  }
}

/// An attribute of a set literal: its name (a symbol number) and value.
struct EntryData {
  var symbol: Int32
  var value: Int32
}
var entryStore: [EntryData] = []
nonisolated(unsafe) var entries = UnsafeMutablePointer<EntryData>.allocate(capacity: 1)

extension Node {
  /// A set literal (non-recursive, static names): its entries are `entryCount` records from
  /// `entryStart` in ``entries``, sorted by symbol.
  static func attrs(_ pairs: [(Int32, Node)]) -> Node {
    let start = entryStore.count
    for (symbol, value) in pairs.sorted(by: { $0.0 < $1.0 }) { entryStore.append(EntryData(symbol: symbol, value: value.i)) }
    return Node(.attrs, Int64(start), level: 0, slot: Int32(pairs.count))
  }
  /// `e.name`.
  static func select(_ e: Node, _ symbol: Int32) -> Node {
    nodeStore.append(NodeData(kind: .select, slot: symbol, a: e.i))
    return Node(i: Int32(nodeStore.count - 1))
  }
  var entryStart: Int { Int(int) }
  var entryCount: Int { Int(slot) }
}

func L(_ level: Int32, _ slot: Int32) -> Node { Node(.local, level: level, slot: slot) }
func I(_ i: Int64) -> Node { Node(.int, i) }

/// Copies the tree into ``nodes``.
func seal() {
  nodes = UnsafeMutablePointer.allocate(capacity: nodeStore.count)
  nodes.initialize(from: nodeStore, count: nodeStore.count)
  entries = UnsafeMutablePointer.allocate(capacity: max(entryStore.count, 1))
  entries.initialize(from: entryStore, count: entryStore.count)
}

/// `fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2)` (n is slot 0 of its scope, fib
/// slot 0 one scope out); `n - 1` of a computed `n` is computed at the call, as nixinv does.
func fibLambda() -> Node {
  _ = Node(.int, 0)  // index 0: the absent child
  let body = Node(.ifte, Node(.lt, L(0, 0), I(2)), L(0, 0),
    Node(.add, Node(.call1, L(1, 0), Node(.sub, L(0, 0), I(1))), Node(.call1, L(1, 0), Node(.sub, L(0, 0), I(2)))))
  return Node(.lambda, body)
}

/// `ack = m: n: if m == 0 then n + 1 else if n == 0 then ack (m - 1) 1 else ack (m - 1) (ack m (n - 1))`
/// (n is 0,0; m 1,0; ack 2,0); the argument `ack m (n - 1)` is a thunk.
func ackLambda() -> Node {
  _ = Node(.int, 0)
  let inner = Node(.ifte, Node(.eq, L(1, 0), I(0)), Node(.add, L(0, 0), I(1)),
    Node(.ifte, Node(.eq, L(0, 0), I(0)), Node(.call2, L(2, 0), Node(.sub, L(1, 0), I(1)), I(1)),
      Node(.call2, L(2, 0), Node(.sub, L(1, 0), I(1)), Node(.call2, L(2, 0), L(1, 0), Node(.sub, L(0, 0), I(1))))))
  return Node(.lambda, Node(.lambda, inner))
}

/// Symbols of the sets workloads.
let symName: Int32 = 0, symValue: Int32 = 1, symMeta: Int32 = 2, symDepth: Int32 = 3
let symA: Int32 = 4, symB: Int32 = 5, symC: Int32 = 6

/// The sets workload, `let mk = …; f = …; in f 22` (mk is slot 0 and f slot 1 of the outer scope):
/// `mk = n: { name = n; value = n + 1; meta = { depth = n; }; }` and
/// `f = n: if n < 2 then (mk n).meta.depth else f (n - 1) + f (n - 2) + (mk n).value - (mk n).name`.
func setsLambdas() -> (mk: Node, f: Node) {
  _ = Node(.int, 0)
  let mkBody = Node.attrs([(symName, L(0, 0)), (symValue, Node(.add, L(0, 0), I(1))),
                           (symMeta, Node.attrs([(symDepth, L(0, 0))]))])
  let mk = Node(.lambda, mkBody)
  let mkn = { Node(.call1, L(1, 0), L(0, 0)) }
  let recursive = Node(.sub,
    Node(.add, Node(.add, Node(.call1, L(1, 1), Node(.sub, L(0, 0), I(1))), Node(.call1, L(1, 1), Node(.sub, L(0, 0), I(2)))),
      Node.select(mkn(), symValue)),
    Node.select(mkn(), symName))
  let body = Node(.ifte, Node(.lt, L(0, 0), I(2)), Node.select(Node.select(mkn(), symMeta), symDepth), recursive)
  return (mk, Node(.lambda, body))
}

/// The update workload, `let base = …; f = …; in f 22` (base is slot 0 and f slot 1):
/// `base = n: { a = n; b = n + 1; }` and
/// `f = n: if n < 2 then (base n // { c = n; }).c else f (n - 1) + f (n - 2) + (base n // { b = 0; }).b`.
func updateLambdas() -> (base: Node, f: Node) {
  _ = Node(.int, 0)
  let base = Node(.lambda, Node.attrs([(symA, L(0, 0)), (symB, Node(.add, L(0, 0), I(1)))]))
  let baseN = { Node(.call1, L(1, 0), L(0, 0)) }
  let recursive = Node(.add,
    Node(.add, Node(.call1, L(1, 1), Node(.sub, L(0, 0), I(1))), Node(.call1, L(1, 1), Node(.sub, L(0, 0), I(2)))),
    Node.select(Node(.update, baseN(), Node.attrs([(symB, I(0))])), symB))
  let body = Node(.ifte, Node(.lt, L(0, 0), I(2)), Node.select(Node(.update, baseN(), Node.attrs([(symC, L(0, 0))])), symC),
    recursive)
  return (base, Node(.lambda, body))
}

/// The lists workload: `builtins.foldl' (acc: x: acc + x) 0 (map (x: x + x) (genList (x: x) n))`,
/// with the three builtins as nodes (`genList` and `map` lazy, `foldl'` strict, as in Nix).
func listsExpression(_ n: Int64) -> Node {
  _ = Node(.int, 0)
  let op = Node(.lambda, Node(.lambda, Node(.add, L(1, 0), L(0, 0))))
  let double = Node(.lambda, Node(.add, L(0, 0), L(0, 0)))
  let identity = Node(.lambda, L(0, 0))
  return Node(.foldl, op, I(0), Node(.map, double, Node(.genList, identity, I(n))))
}
