/// The Nix source of nixinv's flake-parts: `lib.mkFlake` reads the modules (and their `imports`)
/// for `clan = …` and `flake.clan = …`, and returns the flake's other `flake` outputs with the
/// clan modules under the marker attribute. `perSystem` is not evaluated.
enum FlakePartsSource {
  static let text = #"""
lib: marker:
let
  b = builtins;
in
{
  lib.mkFlake = args: module:
    let
      inputs = args.inputs or { };
      self = args.self or inputs.self or { };
      moduleArgs = {
        inherit inputs self lib;
        config = b.throw "flake-parts' `config` is not available in nixinv";
        options = b.throw "flake-parts' `options` is not available in nixinv";
        withSystem = _: _: b.throw "flake-parts' `withSystem` is not available in nixinv";
        getSystem = _: b.throw "flake-parts' `getSystem` is not available in nixinv";
        flake-parts-lib = { importApply = path: _: path; mkPerSystemOption = x: x; };
        moduleWithSystem = f: f;
      };
      load = m:
        let
          value = if b.isPath m || b.isString m then import m else m;
          applied = if b.isFunction value then value moduleArgs else value;
        in
        if b.isAttrs applied then applied else { };
      collect = depth: m:
        let v = load m; in
        [ v ] ++ (if depth > 100 then [ ] else b.concatMap (collect (depth + 1)) (v.imports or [ ]));
      modules = collect 0 module;
      clans = b.concatMap (v:
        (if v ? clan then [ v.clan ] else [ ])
        ++ (if v ? flake && b.isAttrs v.flake && v.flake ? clan then [ v.flake.clan ] else [ ])) modules;
      flakeOutputs = b.foldl' (acc: v: acc // b.removeAttrs (if b.isAttrs (v.flake or null) then v.flake else { }) [ "clan" ]) { } modules;
      marked = { ${marker} = clans; };
    in
    flakeOutputs // marked // { clanInternals = marked; clan = marked; };
}
"""#
}
