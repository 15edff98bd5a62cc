"""One audit chain per reception unit (decision 0048). The events already written keep their hashes and
stay one chain, key 0 (the column's default); the single head row (id 1) becomes that chain's head (id 0),
so the old chain still verifies and is frozen: new events go to the chains of their reception units."""
from django.conf import settings
from django.db import migrations, models


def old_head_becomes_chain_zero(apps, schema_editor):
    AuditChainHead = apps.get_model("dossiers", "AuditChainHead")
    AuditChainHead.objects.filter(pk=1).update(id=0)


def chain_zero_back_to_the_single_head(apps, schema_editor):
    AuditChainHead = apps.get_model("dossiers", "AuditChainHead")
    DossierEvent = apps.get_model("dossiers", "DossierEvent")
    if DossierEvent.objects.exclude(chain=0).exists():
        raise RuntimeError("Events were written to per-unit chains: the single chain cannot be restored.")
    AuditChainHead.objects.exclude(pk=0).delete()
    AuditChainHead.objects.filter(pk=0).update(id=1)


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0012_dossier_form_data'),
        ('units', '0005_unit_effective_dates_and_successor'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='dossierevent',
            name='chain',
            field=models.BigIntegerField(default=0, verbose_name='chuỗi kiểm toán'),
        ),
        migrations.AlterField(
            model_name='auditchainhead',
            name='id',
            field=models.BigIntegerField(primary_key=True, serialize=False, verbose_name='chuỗi kiểm toán'),
        ),
        migrations.AddIndex(
            model_name='dossierevent',
            index=models.Index(fields=['chain', 'id'], name='event_chain_id'),
        ),
        migrations.RunPython(old_head_becomes_chain_zero, chain_zero_back_to_the_single_head),
    ]
