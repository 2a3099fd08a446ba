/// The clan as a graph: machines, service instances, and one edge per role a machine holds
/// (docs: `nixinv graph`). Deterministic: nodes and edges in name order.
public enum GraphRenderer {
  /// One node of the graph.
  struct Node {
    let id: String
    let label: String
    let isMachine: Bool
    /// A role member that is not a machine of the clan.
    let isUnknown: Bool
  }

  /// Nodes and edges (from machine node to instance node, labelled with the role).
  static func structure(_ clan: ResolvedClan) -> (nodes: [Node], edges: [(String, String, String)]) {
    var nodes: [Node] = []
    var machineIDs: [String: String] = [:]
    for (i, m) in clan.machines.enumerated() {
      let id = "m\(i)"
      machineIDs[m.machine.id] = id
      nodes.append(Node(id: id, label: m.machine.id, isMachine: true, isUnknown: false))
    }
    var edges: [(String, String, String)] = []
    func member(_ name: String) -> String {
      if let id = machineIDs[name] { return id }
      let id = "u\(machineIDs.count)"
      machineIDs[name] = id
      nodes.append(Node(id: id, label: name, isMachine: true, isUnknown: true))
      return id
    }
    var index = 0
    for i in clan.instances {
      let id = "i\(index)"
      index += 1
      nodes.append(Node(id: id, label: "\(i.name) (\(i.moduleInput.map { $0 + "/" } ?? "")\(i.moduleName))", isMachine: false, isUnknown: false))
      for r in i.roles { for m in r.members { edges.append((member(m), id, r.name)) } }
    }
    for (module, instances) in clan.services {
      for i in instances {
        let id = "i\(index)"
        index += 1
        let label = "\(module).\(i.name) (legacy\(i.enabled ? "" : ", disabled"))"
        nodes.append(Node(id: id, label: label, isMachine: false, isUnknown: false))
        for r in i.roles { for m in r.members { edges.append((member(m), id, r.name)) } }
      }
    }
    return (nodes, edges)
  }

  /// Graphviz DOT text.
  public static func dot(_ clan: ResolvedClan) -> String {
    let (nodes, edges) = structure(clan)
    var out = "digraph clan {\n  rankdir=LR;\n  label=\(quoted(clan.meta.name ?? "clan"));\n"
    for n in nodes {
      let shape = n.isMachine ? "box" : "ellipse"
      let style = n.isUnknown ? ", style=dashed, color=red" : ""
      out += "  \(n.id) [label=\(quoted(n.label)), shape=\(shape)\(style)];\n"
    }
    for (from, to, role) in edges { out += "  \(from) -> \(to) [label=\(quoted(role))];\n" }
    return out + "}\n"
  }

  /// Mermaid flowchart text.
  public static func mermaid(_ clan: ResolvedClan) -> String {
    let (nodes, edges) = structure(clan)
    var out = "graph LR\n"
    for n in nodes {
      let label = n.label.replacingQuotes()
      out += n.isMachine ? "  \(n.id)[\"\(label)\"]\n" : "  \(n.id)([\"\(label)\"])\n"
    }
    for (from, to, role) in edges { out += "  \(from) -- \(role.replacingQuotes()) --> \(to)\n" }
    for n in nodes where n.isUnknown { out += "  style \(n.id) stroke-dasharray: 5 5,stroke:#c00\n" }
    return out
  }

  static func quoted(_ s: String) -> String {
    var r = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": r += "\\\""
      case "\\": r += "\\\\"
      case "\n": r += "\\n"
      default: r.unicodeScalars.append(c)
      }
    }
    return r + "\""
  }
}

extension String {
  /// The text with `"` replaced by `'` (Mermaid labels cannot escape quotes).
  func replacingQuotes() -> String { String(map { $0 == "\"" ? "'" : $0 }) }
}
