"""Access rules shared by the staff pages."""

from django.contrib.auth.mixins import PermissionRequiredMixin


class StaffPermissionRequiredMixin(PermissionRequiredMixin):
    """Admit active staff members who hold ``permission_required``.

    Anonymous visitors are sent to the sign-in page and everyone else gets a 403.
    """

    def has_permission(self):
        user = self.request.user
        return user.is_active and user.is_staff and super().has_permission()
