"""guide easy read

Revision ID: c5e2a7d9f314
Revises: b7d41e20c9a3
Create Date: 2026-12-08 03:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e2a7d9f314'
down_revision = 'b7d41e20c9a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('guide_text', schema=None) as batch_op:
        batch_op.add_column(sa.Column('easy_body', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('guide_text', schema=None) as batch_op:
        batch_op.drop_column('easy_body')
