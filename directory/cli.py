"""Flask commands (contracts.md §4); each calls a service, never the views."""

import sys

import click
from flask.cli import with_appcontext

from .accounts import services as accounts
from .accounts.models import ROLES
from .reference.services import load_reference_data


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option(
    "--organization",
    "organization_ref",
    metavar="REF",
    help="Import ref (or id) of the organization the member belongs to; its owner if it has none.",
)
@click.option("--name", default="", help="Display name.")
@click.password_option(help="Asked for when not given.")
@with_appcontext
def create_user_command(email, role, organization_ref, name, password):
    """Create an account, e.g. the first officer or admin, or a member for an organization
    the Department registered (contracts.md §7); an existing one gets the role."""
    from .organizations import services as organizations

    org = None
    if organization_ref is not None:
        if role != "member":
            raise click.UsageError("--organization is for members; officers act for everyone.")
        org = organizations.organization_by_ref(organization_ref)
        if org is None:
            raise click.ClickException(f"No organization has ref or id {organization_ref!r}.")
    user = accounts.find_user(email)
    if user:
        accounts.set_role(user, role)
        accounts.change_password(user, password)
        click.echo(f"Updated {user.email}: role {role}, new password.")
    else:
        user = accounts.create_user(email, password, name=name, role=role, confirmed=True)
        click.echo(f"Created {user.email} with role {role}.")
    if org is not None:
        membership = organizations.enrol_member(user, org)
        click.echo(f"{user.email} is {membership.role} of {org.name}.")


@click.command("load-reference")
@with_appcontext
def load_reference_command():
    """Load or refresh sectors, communes and industrial zones from the bundled CSV files."""
    counts = load_reference_data()
    click.echo(", ".join(f"{n} {name}" for name, n in counts.items()))


@click.command("setup-demo")
@with_appcontext
def setup_demo_command():
    """Reference data, the Đồng Tháp demo data (only into an empty database) and the index."""
    from flask import current_app

    from .demo.services import DEMO_PASSWORD, DemoError, setup_demo

    if current_app.config["DIRECTORY_ENV"] == "production":
        raise click.ClickException(
            "setup-demo creates accounts with a known password: not in production."
        )
    with click.progressbar(length=0, label="Indexing", file=sys.stderr) as bar:

        def progress(done, total):
            bar.length = total
            bar.update(done - bar.pos)

        try:
            report = setup_demo(progress=progress)
        except DemoError as error:
            raise click.ClickException(f"the demo data did not import:\n{error}") from error
    if report.loaded:
        click.echo(f"Demo data loaded: {report.summary}")
        click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, role in report.accounts:
            click.echo(f"  {email}  ({role})")
    else:
        click.echo("The database already has organizations: demo data not loaded again.")
    click.echo(f"Search index rebuilt: {report.indexed} records.")
    from .matching.cli import refresh_with_progress

    click.echo(f"Stored matches refreshed for {refresh_with_progress()} needs.")


def init_app(app) -> None:
    from .alerts.cli import send_alerts_command
    from .conversations.cli import follow_up_command
    from .documents.cli import check_labels_command
    from .events.cli import expire_meeting_requests_command
    from .imports.cli import import_data_command
    from .matching.cli import refresh_matches_command
    from .needs.cli import remind_needs_command
    from .search.cli import drain_index_command, reindex_command
    from .worker import worker_command

    for command in (
        create_user_command,
        load_reference_command,
        setup_demo_command,
        import_data_command,
        reindex_command,
        drain_index_command,
        remind_needs_command,
        follow_up_command,
        expire_meeting_requests_command,
        refresh_matches_command,
        worker_command,
        check_labels_command,
        send_alerts_command,
    ):
        app.cli.add_command(command)
