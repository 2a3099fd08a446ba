[
  (x: x)
  (x: y: z: [ x y z ])
  ({ }: null)
  ({ ... }: null)
  ({ b, a ? b, ... }: [ a b ])
  (args@{ self, nixpkgs }: args)
  ({ self, ... } @ inputs: inputs)
  (x: { inherit x; }.x)
  (f: f (f 1))
]
