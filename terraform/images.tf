# The images packer builds (packer/) are private images, found by their exact name. A name that is
# not a UUID given straight to a server's `image` would be looked up in the marketplace instead.

data "scaleway_instance_image" "bridge" {
  name   = var.bridge_image
  zone   = var.zone
  latest = true
}

data "scaleway_instance_image" "api" {
  name   = var.api_image
  zone   = var.zone
  latest = true
}

data "scaleway_instance_image" "base" {
  name   = var.base_image
  zone   = var.zone
  latest = true
}
