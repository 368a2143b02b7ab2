"""Importers: CloudFormation templates and Terraform plans/states into blueprints.

Both importers reduce their input to the same thing, a list of `Resource`s
whose properties are evaluated and whose references to other resources are
`Ref` strings; `aws_types` says what each resource type means in the
blueprint catalog, `grouping` and `flows` build the design, `writer` prints it.
"""
# The sources `import`, `drift` and `--from` read (the importers load only when used).
SOURCES = ("cloudformation", "terraform")
ALIASES = {"cfn": "cloudformation", "tf": "terraform"}
