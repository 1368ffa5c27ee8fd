"""The audit trail: one row per state change, written once.

On PostgreSQL a trigger also refuses UPDATE and DELETE on the table, so not even a raw SQL
statement or an admin with a database console changes history. SQLite has no such trigger here
(the model's save() and delete() refuse there), so this migration runs on both.
"""

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

IMMUTABLE_SQL = """
CREATE OR REPLACE FUNCTION accounts_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on accounts_auditentry refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_auditentry_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditentry
    FOR EACH ROW EXECUTE FUNCTION accounts_auditentry_refuse_change();
"""
MUTABLE_SQL = """
DROP TRIGGER IF EXISTS accounts_auditentry_append_only ON accounts_auditentry;
DROP FUNCTION IF EXISTS accounts_auditentry_refuse_change();
"""


class PostgreSQLOnlyRunSQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL and does nothing elsewhere (SQLite)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # noqa: ANN001
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # noqa: ANN001
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_postcodecentroid"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "actor_email",
                    models.CharField(blank=True, max_length=254, verbose_name="who (e-mail then)"),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("checkin.admit", "Ticket admitted at the door"),
                            ("checkin.duplicate", "Second admission of a ticket refused"),
                            ("checkin.walk_in", "Walk-in registered and admitted"),
                            ("stand.approve", "Stand approved"),
                            ("stand.decline", "Stand declined"),
                            ("membership.role_change", "Role given or taken away"),
                            ("measure.target_change", "Measure's target changed"),
                            ("export.download", "Engagement figures exported"),
                            (
                                "registration.subject_access",
                                "An attendee's personal data looked up or downloaded",
                            ),
                            ("registration.erase", "An attendee's personal data erased"),
                            ("retention.change", "Retention period changed"),
                            (
                                "retention.purge",
                                "Attendees' personal data purged after retention",
                            ),
                        ],
                        max_length=40,
                        verbose_name="what",
                    ),
                ),
                (
                    "target_type",
                    models.CharField(blank=True, max_length=100, verbose_name="kind of object"),
                ),
                (
                    "target_id",
                    models.CharField(blank=True, max_length=64, verbose_name="object id"),
                ),
                (
                    "target_label",
                    models.CharField(blank=True, max_length=200, verbose_name="object"),
                ),
                (
                    "details",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        encoder=django.core.serializers.json.DjangoJSONEncoder,
                        verbose_name="details",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="when"
                    ),
                ),
                (
                    "ip",
                    models.GenericIPAddressField(
                        blank=True, null=True, verbose_name="from (IP address)"
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="who",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit log",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["action", "created_at"], name="audit_action_created"),
                    models.Index(fields=["target_type", "target_id"], name="audit_target"),
                ],
            },
        ),
        PostgreSQLOnlyRunSQL(IMMUTABLE_SQL, reverse_sql=MUTABLE_SQL),
    ]
