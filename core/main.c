/* main.c — the locus-pipeline command line (work in progress). */
#include <stdio.h>

int main(void)
{
    puts("locus-pipeline");
    return 0;
}
