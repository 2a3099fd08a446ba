#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Inventory

/// `nixinv diff OLD NEW` / `nixinv diff REV1 [REV2] [PATH]`: which machines a change changes.
enum DiffCommand {
  static let usage = """
    usage: nixinv diff [OPTIONS] OLD NEW
           nixinv diff [OPTIONS] REV1 [REV2] [PATH]

    Says which machines a change to a clan changes, and how: machines added or removed, tags,
    roles held (instance, role, module), role settings after their defaults (paths, old → new),
    legacy services and config, imports, deploy hosts, machineClass, description; then the
    instances whose members changed. Unchanged machines are not printed.

    With two arguments of which the first names an existing file or folder, OLD and NEW are two
    clans (anything `nixinv dump` takes). Otherwise the arguments are git revisions of the
    repository holding PATH (default .): REV2 defaults to the working tree; a second argument
    naming an existing file or folder is PATH; a third is always PATH. Revisions are read with
    `git archive` into a scratch folder under $TMPDIR, removed afterwards. Write REV^{commit}
    for a revision named like a file.

    options:
      --format human|json|markdown   output format (default human: a line per changed machine
                                     as `git diff --stat`, then each machine's changes; colour
                                     only on a terminal, never with NO_COLOR)
      --name-only                    only the changed machines' names, one a line (added and
                                     removed ones too; instead of --format)
      --machine M                    only machine M (repeatable)
      (and the loading options of `nixinv dump`: --input, --modules, --impure, --allow-read,
       --max-steps, --timeout; the timeout is for both clans together)

    A clan that resolves with errors (conflicting definitions, missing settings) is compared as
    far as it resolves (as `dump` prints it); its errors are printed on standard error under a
    warning line, once when both clans have the same, and listed under "errors" in JSON. A clan
    that does not load or resolve is an error, never a difference: both are reported when both
    fail.
    Exit status: 0 no difference, 1 differences, 2 error.
    """

  static func run(_ arguments: [String]) throws(CommandError) -> Int32 {
    var common = ClanOptions()
    common.withDefaults = true
    var positional: [String] = []
    var only: Set<String> = []
    var format = "human"
    var nameOnly = false
    var rest = arguments[...]
    while let a = rest.popFirst() {
      switch a {
      case "-h", "--help":
        Terminal.out(usage + "\n")
        return 0
      case "--machine":
        guard let m = rest.popFirst() else { throw .usage("--machine needs a name") }
        only.insert(m)
      case "--format":
        guard let f = rest.popFirst(), ["human", "json", "markdown"].contains(f) else {
          throw .usage("--format is human, json or markdown")
        }
        format = f
      case "--name-only": nameOnly = true
      default:
        if !a.hasPrefix("-") || a == "-" {
          positional.append(a)
          continue
        }
        if try common.parse(a, &rest) { continue }
        throw .usage("unknown option '\(a)'")
      }
    }
    let cwd = Input.currentDirectory()
    let inputs = try DiffInputs.parse(positional, cwd: cwd)
    let (old, new) = try load(inputs, common, cwd: cwd)
    guard let old, let new else { return 2 }
    for name in only.sorted() where !old.clan.machines.contains(where: { $0.machine.id == name }) && !new.clan.machines.contains(where: { $0.machine.id == name }) {
      throw .usage("neither clan has a machine '\(name)'")
    }
    let diff = ClanDiff.compare(old: old.clan, new: new.clan, only: only.isEmpty ? nil : only)
    if nameOnly {
      Terminal.out(diff.machines.map { $0.name + "\n" }.joined())
    } else {
      switch format {
      case "json": Terminal.out(DiffJSONRenderer.render(diff, errors: (old.clan.errors, new.clan.errors)))
      case "markdown": Terminal.out(DiffMarkdownRenderer.render(diff, old: inputs.old.label, new: inputs.new.label))
      default: Terminal.out(DiffHumanRenderer.render(diff, colour: isatty(1) == 1 && getenv("NO_COLOR") == nil))
      }
    }
    warn(old, new)
    return diff.isEmpty ? 0 : 1
  }

  /// Each side's resolution errors, under a warning line (once when both have the same).
  static func warn(_ old: Loaded, _ new: Loaded) {
    // Compared without the scratch folders' names, which differ between two revisions.
    func keys(_ l: Loaded) -> [String] {
      l.clan.errors.map { Loaded.shown("\($0.code.rawValue)\u{0}\($0.message)", root: l.root, label: "") }.sorted()
    }
    func errors(_ n: Int) -> String { n == 1 ? "1 error" : "\(n) errors" }
    if !new.clan.errors.isEmpty, keys(old) == keys(new) {
      Terminal.err("warning: both clans resolve with the same \(errors(new.clan.errors.count)) (compared as far as they resolve):\n")
      for e in new.clan.errors { Terminal.err(new.shown(e.render(new.clan.sources))) }
      return
    }
    for (side, loaded) in [("old", old), ("new", new)] where !loaded.clan.errors.isEmpty {
      Terminal.err("warning: the \(side) clan (\(loaded.label)) resolves with \(errors(loaded.clan.errors.count)) (compared as far as it resolves):\n")
      for e in loaded.clan.errors { Terminal.err(loaded.shown(e.render(loaded.clan.sources))) }
    }
  }

  /// A side, resolved: the clan, and how to name its files in messages.
  struct Loaded {
    let clan: ResolvedClan
    let label: String
    /// The scratch folder holding a revision's files, shown as `REV:`.
    let root: String?

    /// `text` with the scratch folder's paths written `REV:path`.
    func shown(_ text: String) -> String { Self.shown(text, root: root, label: label) }

    static func shown(_ text: String, root: String?, label: String) -> String {
      guard let root else { return text }
      return text.replacing(root + "/", with: label + ":").replacing(root, with: label + ":")
    }
  }

  /// Loads and resolves both sides (revisions first written to a scratch folder, removed
  /// once both are resolved). Failures are printed; a failed side is `nil`.
  static func load(_ inputs: DiffInputs, _ common: ClanOptions, cwd: String) throws(CommandError) -> (Loaded?, Loaded?) {
    var scratch: ScratchFolder? = nil
    defer { scratch?.remove() }
    func folder(_ name: String) throws(CommandError) -> String {
      if scratch == nil { scratch = try ScratchFolder.make() }
      return try scratch!.folder(name)
    }
    var loaded: [Loaded?] = []
    for (name, side) in [("old", inputs.old), ("new", inputs.new)] {
      let (path, root) = try side.materialise(inputs.repository) { () throws(CommandError) in try folder(name) }
      switch common.resolve(path, cwd: cwd) {
      case .success(let (_, resolved)): loaded.append(Loaded(clan: resolved, label: side.label, root: root))
      case .failure(let failure):
        Terminal.err("the \(name) clan (\(side.label)) does not resolve:\n" + Loaded.shown(failure.rendered, root: root, label: side.label))
        loaded.append(nil)
      }
    }
    return (loaded[0], loaded[1])
  }
}
