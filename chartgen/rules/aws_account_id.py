"""`global.AWS_ACCOUNT_ID` is not a 12-digit string, so the derived ECR repository is wrong.

For AWS, chartgen (like the reference chart) derives the default repository
`ACCOUNT.dkr.ecr.REGION.amazonaws.com/REGISTRYNAME` from `global.AWS_ACCOUNT_ID`. An account ID
is 12 digits and may start with zeros. Written as an unquoted YAML number it loses leading zeros,
and Helm prints large numbers in exponent form (`1.23456789012e+11`), so the repository Helm
renders is garbage. Quote it: `AWS_ACCOUNT_ID: "012345678901"`; on the command line, pass it
with `--set-string global.AWS_ACCOUNT_ID=012345678901` (`--set` reads digits as a number).
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.clouds import aws
from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext
from chartgen.values.origin_advice import keep_as_string, set_flag

ID = "IB220"
NAME = "aws-account-id"
SEVERITY = Severity.ERROR
_FIX = 'Write the account ID as a quoted string of 12 digits: AWS_ACCOUNT_ID: "012345678901".'
MESSAGES = {
    "unquoted": Message(
        "global.AWS_ACCOUNT_ID is the unquoted number {account}: Helm renders it as {helm} and a "
        "number loses leading zeros, so the derived ECR repository is wrong",
        _FIX,
    ),
    "invalid": Message('global.AWS_ACCOUNT_ID "{account}" is not a 12-digit AWS account ID', _FIX),
}

ACCOUNT_ID = ("global", "AWS_ACCOUNT_ID")


def go_float(number: int) -> str:
    """How Helm (Go's %v of a float64) prints a YAML integer it decoded as a number."""
    digits = str(abs(number))
    if len(digits) <= 6:  # Go's shortest %v switches to exponent form at 1e+06
        return str(number)
    mantissa = digits.rstrip("0")
    shown = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
    return f"{'-' if number < 0 else ''}{shown}e+{len(digits) - 1:02d}"


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    repository = values.default_repository()
    if not values.imageBuilder.enabled or not repository.derived or repository.cloud != aws.NAME:
        return
    account = ctx.value(ACCOUNT_ID)
    if account is None or account == "":
        return  # missing: IB205
    if isinstance(account, str) and aws.ACCOUNT_ID.accepts(account):
        return
    if isinstance(account, int) and not isinstance(account, bool):
        text, fix = MESSAGES["unquoted"].format(account=account, helm=go_float(account))
    else:
        text, fix = MESSAGES["invalid"].format(account=account)
    # The chart says the fix for a values file; a --set flag needs another one.
    origin = ctx.provenance.locate(ACCOUNT_ID)
    if set_flag(origin) is not None:
        if isinstance(account, int) and not isinstance(account, bool):
            fix = keep_as_string("AWS_ACCOUNT_ID", "global.AWS_ACCOUNT_ID", str(account), origin)
        else:
            fix = ("Pass the data plane's 12-digit account ID: --set-string "
                   "global.AWS_ACCOUNT_ID=012345678901.")
    yield ctx.finding(ID, ACCOUNT_ID, text, fix)
