"""Extensions, defined once and bound in ``create_app``."""
from flask_appbuilder import AppBuilder, Model
from flask_appbuilder.utils.legacy import get_sqla_class
from flask_migrate import Migrate

# One MetaData for FAB's ab_* tables, ours and Alembic.
db = get_sqla_class()(model_class=Model)
appbuilder = AppBuilder(update_perms=False)
migrate = Migrate()
