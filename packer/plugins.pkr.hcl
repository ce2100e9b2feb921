# Plugins for `packer init packer/` (Packer 1.7 and later). Debian's Packer 1.6.6 predates this
# block and builds with its own scaleway builder and ansible provisioner; infra-checks validates
# the other files with it and reads this one with the HCL parser.
packer {
  required_version = ">= 1.6.6"

  required_plugins {
    scaleway = {
      source  = "github.com/scaleway/scaleway"
      version = ">= 1.5.0"
    }
    ansible = {
      source  = "github.com/hashicorp/ansible"
      version = ">= 1.1.6"
    }
  }
}
