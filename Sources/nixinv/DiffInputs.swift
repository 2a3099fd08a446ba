import NixEval
import NixParser

/// The two clans `nixinv diff` compares, told apart from its arguments:
///
/// - `OLD NEW`, two arguments of which the first names an existing file or folder: two clans;
/// - otherwise `REV1 [REV2] [PATH]`: git revisions of the repository holding PATH (default
///   `.`). A second argument naming an existing file or folder is PATH (REV2 is then the working
///   tree); a third is always PATH. Each REV must name a commit (`git rev-parse --verify
///   REV^{commit}`).
struct DiffInputs {
  /// One side: a clan on disk, or a revision (read into a scratch folder when loaded).
  struct Side {
    /// How messages name the side: the path or revision as given, or `working tree`.
    var label: String
    /// The clan's path: as given, or (for a revision) relative to the repository's top.
    var path: String
    /// The commit, for a revision.
    var commit: String? = nil
  }

  var old: Side
  var new: Side
  /// The repository, when either side is a revision.
  var repository: GitRepository? = nil

  static func parse(_ arguments: [String], cwd: String) throws(CommandError) -> DiffInputs {
    func exists(_ p: String) -> Bool { FileSystem.targetKind(PathNames.absolute(p, base: cwd)) != nil }
    guard !arguments.isEmpty, arguments.count <= 3 else { throw .usage("diff needs OLD NEW, or REV1 [REV2] [PATH]") }
    if arguments.count == 2, exists(arguments[0]) {
      return DiffInputs(old: Side(label: arguments[0], path: arguments[0]), new: Side(label: arguments[1], path: arguments[1]))
    }
    var revisions = [arguments[0]]
    var path = "."
    if arguments.count == 3 {
      revisions.append(arguments[1])
      path = arguments[2]
    } else if arguments.count == 2 {
      if exists(arguments[1]) { path = arguments[1] } else { revisions.append(arguments[1]) }
    }
    let absolute = PathNames.absolute(path, base: cwd)
    let repository = try GitRepository.containing(absolute)
    guard let relative = repository.relative(absolute) else {
      throw .usage("'\(path)' is outside the git repository at '\(repository.root)'")
    }
    var sides: [Side] = []
    for r in revisions {
      guard let commit = try repository.commit(r) else {
        throw .usage("'\(r)' is neither an existing file or folder nor a git revision of '\(repository.root)'")
      }
      sides.append(Side(label: r, path: relative, commit: commit))
    }
    if sides.count == 1 {
      guard exists(path) else { throw .io("cannot read '\(path)': no such file or folder in the working tree") }
      sides.append(Side(label: "working tree", path: path))
    }
    return DiffInputs(old: sides[0], new: sides[1], repository: repository)
  }
}

extension DiffInputs.Side {
  /// Where to load the side from: its path, or its revision's files written into `folder`
  /// (a fresh folder of a scratch folder) and the path inside them.
  func materialise(_ repository: GitRepository?, into folder: () throws(CommandError) -> String) throws(CommandError) -> (path: String, root: String?) {
    guard let commit, let repository else { return (path, nil) }
    let root = try folder()
    try repository.extract(commit, into: root)
    return (path.isEmpty ? root : root + "/" + path, root)
  }
}
