"""The API router: /api/v1/. Each app contributes its viewsets here."""

from rest_framework.routers import DefaultRouter

from berichten.api import BerichtenViewSet
from inwoners.api import InwonerViewSet
from producten.api import ProductViewSet
from regie.api import RegelsViewSet

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.register("inwoners", InwonerViewSet, basename="inwoner")
router.register("producten", ProductViewSet, basename="product")
router.register("regels", RegelsViewSet, basename="regels")
router.register("berichten", BerichtenViewSet, basename="berichten")
