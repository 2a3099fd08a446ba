import Foundation
import Testing

@testable import NixEval

/// Store paths computed without a store, each expected value as Nix 2.8 gave it
/// (`nix-instantiate --eval --strict` with a local store), and string context.
struct StoreTests {
  /// Derivations, `toFile`, `placeholder` and context, as (expression, Nix's output).
  static let derivationCases: [(String, String)] = [
    (#"derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; }"#, #"{ all = [ «repeated» ]; builder = "/bin/sh"; drvAttrs = { builder = "/bin/sh"; name = "x"; system = "x86_64-linux"; }; drvPath = "/nix/store/97qlv6h78lxlm9zc8849ahsbcklhsi2y-x.drv"; name = "x"; out = «repeated»; outPath = "/nix/store/s668cfx1vrqfjryf96jj8wfhg7f67dhj-x"; outputName = "out"; system = "x86_64-linux"; type = "derivation"; }"#),
    (#"let d = derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" "lib" ]; }; in [ d.drvPath d.outPath d.dev.outPath d.lib.outPath d.outputName d.dev.outputName (map (o: o.outputName) d.all) ]"#, #"[ "/nix/store/jvda84qihsyv45h7cpvwqb1lik1yh3qq-x.drv" "/nix/store/h50gqklhv2kdw59kghxdrwjkb3lsfr0f-x" "/nix/store/9zx1xzwjq677767xqwdmlv8wbwmwnmc4-x-dev" "/nix/store/k1v6qhfy8jmnzi2xihnc72d3sankylhx-x-lib" "out" "dev" [ "out" "dev" "lib" ] ]"#),
    (#"let d = derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; }; in (derivation { name = "y"; system = "x86_64-linux"; builder = "/bin/sh"; x = d.drvPath; }).drvPath"#, #""/nix/store/fpi756qb1ra8xxnimg5vcprx7yi2q0m0-y.drv""#),
    (#"let d = derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; }; in (derivation { name = "y"; system = "x86_64-linux"; builder = "/bin/sh"; x = d; }).drvPath"#, #""/nix/store/y6z240cdkgnr70cilvvq7bva2h2gskb2-y.drv""#),
    (#"(derivation { name = "fo"; system = "x"; builder = "/bin/sh"; outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; }).outPath"#, #""/nix/store/fdrwvribc2q2ghi637c1ang0yzlp309p-fo""#),
    (#"(derivation { name = "fo"; system = "x"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = "1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s"; }).drvPath"#, #""/nix/store/13i9204adgzi4mhdidxnwb85fy100jhc-fo.drv""#),
    (#"(derivation { name = "fo"; system = "x"; builder = "/bin/sh"; outputHashMode = "flat"; outputHashAlgo = "sha1"; outputHash = "f1d2d2f924e986ac86fdf7b36c94bcdf32beec15"; }).outPath"#, #""/nix/store/8cbnl4df64gq4rqkvkk5w6yj49k1np5i-fo""#),
    (#"let f = derivation { name = "src"; system = "x"; builder = "/bin/sh"; outputHash = "d3b07384d113edec49eaa6238ad5ff00"; outputHashAlgo = "md5"; }; in (derivation { name = "y"; system = "x"; builder = "/bin/sh"; src = f; }).outPath"#, #""/nix/store/5r91dz8a1gp1c7vcxnymnv575g3bgba9-y""#),
    (#"(derivation { name = "y"; system = "x"; builder = "/bin/sh"; a = true; b = false; c = null; d = [ "a" 1 [ ] "b" ]; e = 1.5; f = 42; args = [ "-c" 1 true null [ 1 2 ] ]; }).drvPath"#, #""/nix/store/80z8b5f7ldp36lz8x6zl4kyc3y47xcdn-y.drv""#),
    (#"(derivation { name = "y"; system = "x"; builder = "/bin/sh"; __ignoreNulls = true; c = null; }).drvPath"#, #""/nix/store/4kfl27mrd0pf74svb6a70r0wb7r3v845-y.drv""#),
    (#"(derivation { name = "y"; system = "x"; builder = "/bin/sh"; __structuredAttrs = true; c = null; d = { x = [ 1 2 "a" ]; }; e = 1.5; outputs = [ "out" "bin" ]; }).drvPath"#, #""/nix/store/vm4jjra47npzhkl2m1a7dipmavyzppdy-y.drv""#),
    (#"(derivation { name = "y"; system = "x"; builder = "/bin/sh"; s = "a\"b\\c\nd\te\rf"; }).drvPath"#, #""/nix/store/dc7g548ssi6jw56gfydkghqgp015ygmi-y.drv""#),
    (#"builtins.placeholder "out""#, #""/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9""#),
    (#"builtins.toFile "t" "hello""#, #""/nix/store/vqpn17r03lqabwk0wksgpbgy620zwfd4-t""#),
    (#"let f = builtins.toFile "t" "hello"; in [ (builtins.toFile "u" "ref ${f}") (builtins.getContext (builtins.toFile "u" "ref ${f}")) ]"#, #"[ "/nix/store/icpw5hbhkgskx0jp35xyc56sw2rkkmgg-u" { "/nix/store/icpw5hbhkgskx0jp35xyc56sw2rkkmgg-u" = { path = true; }; } ]"#),
    (#"let t = builtins.toFile "t" "x"; in (derivation { name = "y"; system = "x"; builder = "/bin/sh"; s = t; }).drvPath"#, #""/nix/store/rca0z28qhn73sdsz3hdardpyigxlgh1f-y.drv""#),
    (#"let d = derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; }; in builtins.getContext "${d.drvPath} ${d} ${d.dev}""#, #"{ "/nix/store/gk9jafzyszc4y6jy0ib8cllh4g3d7jd1-x.drv" = { allOutputs = true; outputs = [ "dev" "out" ]; }; }"#),
    (#"let d = derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; }; s = "${d}"; in [ (builtins.hasContext s) (builtins.hasContext (builtins.unsafeDiscardStringContext s)) (builtins.substring 0 0 s == "") (builtins.hasContext (builtins.substring 0 0 s)) (builtins.getContext (builtins.unsafeDiscardOutputDependency d.drvPath)) (builtins.getContext (builtins.appendContext "x" { ${builtins.unsafeDiscardStringContext d.drvPath} = { outputs = [ "out" ]; }; })) ]"#, #"[ true false true true { "/nix/store/97qlv6h78lxlm9zc8849ahsbcklhsi2y-x.drv" = { path = true; }; } { "/nix/store/97qlv6h78lxlm9zc8849ahsbcklhsi2y-x.drv" = { outputs = [ "out" ]; }; } ]"#),
    (#"let d = derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; }; in [ (builtins.hasContext (builtins.concatStringsSep "," [ "a" d ])) (builtins.hasContext (builtins.replaceStrings [ "a" ] [ "${d}" ] "abc")) (builtins.hasContext (builtins.toJSON [ d ])) (builtins.hasContext (toString d)) (builtins.hasContext (builtins.head (builtins.match "(.*)" "${d}"))) (builtins.hasContext (baseNameOf d)) ("${d}" == d.outPath) ]"#, #"[ true true true true false true true ]"#),
  ]

  @Test(arguments: derivationCases)
  func computesWhatNixComputes(_ expression: String, _ expected: String) {
    #expect(evaluated(expression) == expected)
  }

  /// Paths copied to the store (files, an executable, a symlink, a folder) in the folder
  /// ``StoreFixture`` makes, as (expression, Nix's output).
  static let pathCases: [(String, String)] = [
    (#""${./dir}""#, #""/nix/store/jcyqh1g7pbkzr7zihq1dz4iq0x0y9fiy-dir""#),
    (#""${./f}""#, #""/nix/store/2sxyyvcsq540pdyzvsg5fp49qkxd3d4b-f""#),
    (#""${./foo.nix}""#, #""/nix/store/rxxb04qgg3wfm1lm6cs3ssajlniwaf4j-foo.nix""#),
    (#"import "${./foo.nix}""#, #"{ a = 1; }"#),
    (#"builtins.readFile "${./f}""#, #""text\n""#),
    (#"builtins.getContext "${./f}""#, #"{ "/nix/store/2sxyyvcsq540pdyzvsg5fp49qkxd3d4b-f" = { path = true; }; }"#),
    (#"builtins.path { path = ./dir; }"#, #""/nix/store/jcyqh1g7pbkzr7zihq1dz4iq0x0y9fiy-dir""#),
    (#"builtins.path { path = ./dir; name = "foo"; }"#, #""/nix/store/pjxsp2qwva7wc314pf6xiyjasylqa9d1-foo""#),
    (#"builtins.path { path = ./dir; filter = p: t: t != "symlink"; }"#, #""/nix/store/25aa0f2smjs0md4df4l2rdyy8snzgv5d-dir""#),
    (#"builtins.filterSource (p: t: baseNameOf p != "sub") ./dir"#, #""/nix/store/vcx8yx1zp6jvx5mdjccdq56ihnxrzg24-dir""#),
    (#"builtins.path { path = ./f; recursive = false; }"#, #""/nix/store/lppkakhll2hf5zmid0x1iwpy5m1a2p5c-f""#),
    (#"(derivation { name = "y"; system = "x"; builder = ./dir/run.sh; src = ./dir; args = [ "-e" ./f ]; }).drvPath"#, #""/nix/store/0df8r9gzl6ir9an3f7cv2qpi5qfq4bc6-y.drv""#),
    (#"builtins.toJSON { a = ./f; }"#, #""{\"a\":\"/nix/store/2sxyyvcsq540pdyzvsg5fp49qkxd3d4b-f\"}""#),
    (#""${./dir}/sub/b""#, #""/nix/store/jcyqh1g7pbkzr7zihq1dz4iq0x0y9fiy-dir/sub/b""#),
    (#"builtins.readFile "${./dir}/sub/b""#, #""x\n""#),
  ]

  @Test(arguments: pathCases)
  func copiesPathsAsNixDoes(_ expression: String, _ expected: String) throws {
    let fixture = try StoreFixture()
    defer { fixture.remove() }
    #expect(fixture.evaluate(expression) == expected)
  }
}

extension StoreTests {
  /// Errors worded as Nix words them.
  static let errorCases: [(String, String)] = [
    (#"derivation { name = "x"; system = "x"; }"#, "error: required attribute 'builder' missing"),
    (#"derivation { name = "x"; builder = "x"; }"#, "error: required attribute 'system' missing"),
    (#"derivationStrict { }"#, "error: attribute 'name' missing"),
    (
      #"derivation { name = "~x"; system = "x"; builder = "x"; }"#,
      "error: invalid derivation name: name '~x' contains illegal character '~'. Please pass a different 'name'."
    ),
    (
      #"derivation { name = ".-x"; system = "x"; builder = "x"; }"#,
      "error: invalid derivation name: name '.-x' is not valid: first dash-separated component must not be '.'. Please pass a different 'name'."
    ),
    (
      #"derivation { name = "x.drv"; system = "x"; builder = "x"; }"#,
      "error: derivation names are allowed to end in '.drv' only if they produce a single derivation file"
    ),
    (
      #"derivation { name = "x"; system = "x"; builder = "x"; outputs = [ "out" "out" ]; }"#,
      "error: duplicate derivation output 'out'"
    ),
    (
      #"derivation { name = "x"; system = "x"; builder = "x"; outputHash = "abc"; outputHashAlgo = "sha256"; }"#,
      "error: hash 'abc' has wrong length for hash algorithm 'sha256'"
    ),
    (
      #"derivation { name = "x"; system = "x"; builder = "x"; outputHash = "x"; outputs = [ "out" "dev" ]; }"#,
      "error: multiple outputs are not supported in fixed-output derivations"
    ),
    (
      #"let d = derivation { name = "x"; system = "x"; builder = "x"; }; in builtins.toFile "f" "${d}""#,
      "error: files created by builtins.toFile may not reference derivations, but f references !out!7ifhwn82wl0m6cdpy7zr59lkwqgwpf28-x.drv"
    ),
    (
      #"let d = derivation { name = "x"; system = "x"; builder = "x"; }; in { "${d}" = 1; }"#,
      // Nix 2.8 shows the element as `!out!<drv>`; current Nix as `<drv>^out`.
      "error: the string '/nix/store/5dp481kv43xvh6p17dishhz5qaskk8r1-x' is not allowed to refer to a store path (such as '/nix/store/7ifhwn82wl0m6cdpy7zr59lkwqgwpf28-x.drv^out')"
    ),
    (
      #"let d = derivation { name = "x"; system = "x"; builder = "x"; }; in /a + "${d}""#,
      "error: a string that refers to a store path cannot be appended to a path"
    ),
    (#"builtins.appendContext "" { "/tmp/x" = { path = true; }; }"#, "error: context key '/tmp/x' is not a store path"),
  ]

  @Test(arguments: errorCases)
  func failsAsNixDoes(_ expression: String, _ expected: String) {
    #expect(evaluated(expression) == expected)
  }

  @Test func storeDirComesFromTheOptions() {
    var options = EvalOptions()
    options.storeDir = "/foo/store"
    let ev = Evaluator(options: options)
    let file = ev.sources.add(
      name: "/test/input.nix", directory: "/test", bytes: Array(#"[ builtins.storeDir "${builtins.toFile "a" "b"}" ]"#.utf8))
    let v = try? ev.evaluate(file: file)
    try? ev.forceDeep(v ?? .null, at: .unknown)
    // As `NIX_STORE_DIR=/foo/store nix-instantiate` gives it.
    #expect(
      v.map { String(decoding: ValuePrinter.print($0, ev, style: .output), as: UTF8.self) }
        == #"[ "/foo/store" "/foo/store/0k8dwp2g6y0qsq34ywigmnhp5rqzbgxf-a" ]"#)
  }

  @Test func missingPathIsAnError() throws {
    let fixture = try StoreFixture()
    defer { fixture.remove() }
    #expect(fixture.evaluate(#""${./nope}""#) == "error: path '\(fixture.folder)/nope' does not exist")
  }

  @Test func pureEvaluationForbidsCopyingOutsideTheAllowedFolders() throws {
    let fixture = try StoreFixture()
    defer { fixture.remove() }
    let result = fixture.evaluate(#""${/etc/hostname}""#, pure: true)
    #expect(result.hasPrefix("error: access to absolute path '/etc/hostname' is forbidden in pure evaluation mode"))
  }
}

/// Store paths, hashes and strings, piece by piece.
struct StorePieceTests {
  @Test func nixBase32() throws {
    // The hash part of `toFile "t" "hello"` above, encoded and decoded back.
    let bytes: [UInt8] = (0..<20).map { UInt8($0 * 13 % 256) }
    let text = NixBase32.encode(bytes)
    #expect(text.count == 32)
    #expect(try NixBase32.decode(Array(text.utf8)).get() == bytes)
    #expect(NixBase32.encode(Hashes.sha256(Array("nix-output:out".utf8))) == "1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9")
  }

  @Test func hashFormatsAgree() throws {
    let forms = [
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
      "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73",
      "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    ]
    let empty = NixHash(of: [], .sha256)
    for f in forms { #expect(try NixHash.parse(f, .sha256) == empty) }
    #expect(empty.sri == "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    #expect(throws: NixHash.ParseError.self) { try NixHash.parse("md5:d41d8cd98f00b204e9800998ecf8427e", .sha256) }
  }

  @Test func streamedSHA256MatchesOneShot() {
    let data = (0..<1000).map { UInt8($0 % 251) }
    for split in [0, 1, 63, 64, 65, 500, 1000] {
      var s = SHA256Stream()
      s.update(Array(data[..<split]))
      s.update(Array(data[split...]))
      #expect(s.finish() == Hashes.sha256(data))
    }
  }

  @Test func storePathNames() {
    #expect(StoreDirectory.checkName(Array("hello-1.0+x_y?=z".utf8)) == nil)
    #expect(StoreDirectory.checkName(Array(".hidden".utf8)) == nil)
    #expect(StoreDirectory.checkName([]) == "name must not be empty")
    #expect(StoreDirectory.checkName(Array(String(repeating: "a", count: 212).utf8)) != nil)
    #expect(StoreDirectory.checkName(Array("..".utf8)) == "name '..' is not valid")
  }

  @Test func contextDoesNotChangeEqualityAndSurvivesEdits() {
    var s = NixString("/nix/store/x", context: StringContext(.opaque("/nix/store/x")))
    #expect(s == NixString("/nix/store/x"))
    s.bytes.append(UInt8(ascii: "y"))
    #expect(s.text == "/nix/store/xy")
    #expect(s.context == StringContext(.opaque("/nix/store/x")))
    var plain = NixString("a")
    plain.bytes.append(UInt8(ascii: "b"))
    #expect(plain.text == "ab" && !plain.hasContext)
  }

  @Test func contextIsSortedAsNixSortsIt() {
    let c = StringContext([
      .built(drvPath: "/nix/store/b.drv", output: "out"), .opaque("/nix/store/z"),
      .derivationDeep("/nix/store/a.drv"), .built(drvPath: "/nix/store/b.drv", output: "dev"), .opaque("/nix/store/z"),
    ])
    #expect(
      c.elements == [
        .opaque("/nix/store/z"), .derivationDeep("/nix/store/a.drv"), .built(drvPath: "/nix/store/b.drv", output: "dev"),
        .built(drvPath: "/nix/store/b.drv", output: "out"),
      ])
  }
}

/// A folder holding what the path cases copy: `dir/` (a text file, an executable, a symlink
/// and a subfolder), `f` and `foo.nix`, the same bytes as the folder Nix was run in.
struct StoreFixture {
  let folder: String

  init() throws {
    let fm = FileManager.default
    folder = fm.temporaryDirectory.appendingPathComponent("nixinv-store-\(UUID().uuidString)").path
    func write(_ name: String, _ text: String, executable: Bool = false) throws {
      let path = "\(folder)/\(name)"
      try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      try fm.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: path)
    }
    try write("dir/a.txt", "hello\n")
    try write("dir/run.sh", "#!/bin/sh\necho hi\n", executable: true)
    try write("dir/sub/b", "x\n")
    try fm.createSymbolicLink(atPath: "\(folder)/dir/link", withDestinationPath: "a.txt")
    try write("f", "text\n")
    try write("foo.nix", "{ a = 1; }\n")
  }

  /// `expression` evaluated as if written in a file of the folder.
  func evaluate(_ expression: String, pure: Bool = true) -> String {
    var options = EvalOptions()
    options.pure = pure
    options.allowedPaths = [folder]
    let ev = Evaluator(options: options)
    let file = ev.sources.add(name: "\(folder)/input.nix", directory: folder, bytes: Array(expression.utf8))
    do throws(EvalError) {
      let v = try ev.evaluate(file: file)
      try ev.forceDeep(v, at: .unknown)
      return String(decoding: ValuePrinter.print(v, ev, style: .output), as: UTF8.self)
    } catch {
      return "error: " + error.message
    }
  }

  func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
