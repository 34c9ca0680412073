// surveyor-server's findings commands: `catalog check|match`, `findings`,
// `products` and `policy show|set`. Each returns the process exit code.
#pragma once

#include "service/cli.h"

namespace surveyor::service {

int CatalogCommand(const Args& a);
int FindingsCommand(const Args& a);
int ProductsCommand(const Args& a);
int PolicyCommand(const Args& a);

}  // namespace surveyor::service
