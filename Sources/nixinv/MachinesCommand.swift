import Inventory
import NixEval

/// `nixinv machines FILE [--tags T…] [--json]`: the clan's machines, as `clan machines list`.
enum MachinesCommand {
  static let usage = """
    usage: nixinv machines [OPTIONS] FILE [--tags TAG…]

    Lists the clan's machines by name, one a line. With --tags, only machines carrying every
    tag given. With --json, an object per machine with its tags, class and roles.

    options:
      --tags TAG…          only machines with all these tags (also --tags a,b)
      --json               print JSON
      (and the loading options of `nixinv dump`: --input, --modules, --impure, --allow-read)
    """

  static func run(_ arguments: [String]) throws(CommandError) -> Int32 {
    var common = ClanOptions()
    var tags: [String] = []
    var json = false
    var rest = arguments[...]
    while let a = rest.popFirst() {
      switch a {
      case "-h", "--help":
        Terminal.out(usage + "\n")
        return 0
      case "--json": json = true
      case "--tags":
        var any = false
        while let next = rest.first, !next.hasPrefix("-") {
          // While no FILE is given, a value naming an existing file or folder is the FILE.
          if common.file == nil, FileSystem.kind(next) != nil { break }
          rest.removeFirst()
          tags += next.split(separator: ",").map(String.init)
          any = true
        }
        guard any else { throw .usage("--tags needs at least one tag") }
      default:
        if try common.parse(a, &rest) { continue }
        throw .usage("unknown option '\(a)'")
      }
    }
    guard let file = common.file else { throw .usage("machines needs a FILE") }
    return common.withClan(file) { _, resolved in
      let selected = resolved.machines.filter { m in tags.allSatisfy(m.tags.contains) }
      if json {
        var w = JSONStream()
        w.beginObject()
        for m in selected {
          w.key(m.machine.id)
          w.beginObject()
          w.key("machineClass")
          w.string(m.machine.machineClass)
          w.key("roles")
          w.beginObject()
          var roles: [(String, [String])] = m.instances.map { ($0.name, $0.roles.map(\.name).sorted()) }
          for s in m.services { for i in s.instances { roles.append(("\(s.module).\(i.name)", i.roles)) } }
          for (k, v) in roles.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
            w.key(k)
            w.strings(v)
          }
          w.endObject()
          w.key("tags")
          w.strings(m.tags)
          w.endObject()
        }
        w.endObject()
        Terminal.out(w.finish())
      } else {
        Terminal.out(selected.map { $0.machine.id + "\n" }.joined())
      }
      for error in resolved.errors { Terminal.err(error.render(resolved.sources)) }
      return resolved.errors.isEmpty ? 0 : 1
    }
  }
}

/// `nixinv graph FILE [--format dot|mermaid]`: machines, instances and role edges.
enum GraphCommand {
  static let usage = """
    usage: nixinv graph [OPTIONS] FILE

    Prints the clan as a graph: a box per machine, an ellipse per service instance, an edge
    labelled with the role for each role a machine holds. Role members that are not machines
    of the clan are drawn dashed.

    options:
      --format dot|mermaid   Graphviz DOT (default) or a Mermaid flowchart
      (and the loading options of `nixinv dump`: --input, --modules, --impure, --allow-read)
    """

  static func run(_ arguments: [String]) throws(CommandError) -> Int32 {
    var common = ClanOptions()
    var format = "dot"
    var rest = arguments[...]
    while let a = rest.popFirst() {
      switch a {
      case "-h", "--help":
        Terminal.out(usage + "\n")
        return 0
      case "--format":
        guard let f = rest.popFirst(), f == "dot" || f == "mermaid" else { throw .usage("--format is dot or mermaid") }
        format = f
      default:
        if try common.parse(a, &rest) { continue }
        throw .usage("unknown option '\(a)'")
      }
    }
    guard let file = common.file else { throw .usage("graph needs a FILE") }
    return common.withClan(file) { _, resolved in
      Terminal.out(format == "dot" ? GraphRenderer.dot(resolved) : GraphRenderer.mermaid(resolved))
      return 0
    }
  }
}
