"""missed questions, and indexes the usage dashboard counts by

Revision ID: c3e8a1f07d52
Revises: 898d371f9273
Create Date: 2026-12-08 04:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e8a1f07d52'
down_revision = '898d371f9273'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'missed_question',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('locale', sa.String(length=8), nullable=False),
        sa.Column('reason', sa.String(length=16), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('decision', sa.String(length=8), nullable=True),
        sa.Column('intent', sa.String(length=40), nullable=True),
        sa.Column('decided_by', sa.String(length=200), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('topic', 'new', 'nothing')",
            name=op.f('ck_missed_question_decision_known'),
        ),
        sa.CheckConstraint(
            "reason IN ('fallback', 'out_of_scope')", name=op.f('ck_missed_question_reason_known')
        ),
        sa.ForeignKeyConstraint(
            ['conversation_id'],
            ['conversation.id'],
            name=op.f('fk_missed_question_conversation_id_conversation'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_missed_question')),
    )
    with op.batch_alter_table('missed_question', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_missed_question_conversation_id'), ['conversation_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_missed_question_created_at'), ['created_at'], unique=False
        )
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_conversation_created_at'), ['created_at'], unique=False
        )
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_created_at'))
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_created_at'))
    op.drop_table('missed_question')
